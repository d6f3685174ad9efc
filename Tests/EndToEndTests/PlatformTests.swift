import Testing

/// The end-to-end suite: the real `paylinks up` with all five services and a local PostgreSQL, as separate
/// processes. Serialized, because the tests share one platform and some of them kill or restart parts of it.
@Suite(.serialized, .sharedPlatform)
struct PlatformTests {}
