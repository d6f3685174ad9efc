/// The default context: only the router-managed ``CoreRequestContext``.
package struct BasicRequestContext: RootRequestContext {
    /// The router-managed storage.
    package var coreContext: CoreRequestContext

    /// Creates the context for a new request.
    package init(source: RequestContextSource) {
        self.coreContext = CoreRequestContext(source: source)
    }
}
