/// An object that reacts to readiness of a descriptor registered with an ``EventLoop``.
///
/// Threading: confined to the loop it is registered with; ``handleEvents(_:)`` is always called on that
/// loop's thread and must not block.
package protocol SelectableHandler: AnyObject {
    /// Called on the loop thread with the conditions the descriptor reported.
    func handleEvents(_ events: IOEvents)
}
