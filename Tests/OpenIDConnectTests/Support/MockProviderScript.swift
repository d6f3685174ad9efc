/// Runs `oidc-provider-mock` (the PyPI package standing in for Google) on a free loopback port and prints
/// the port. Users with claims are registered with `PUT /users/<sub>`; the code flow is driven headless by
/// POSTing `sub=<user>` to `/oauth2/authorize` with the authorization URL's query.
enum MockProviderScript {
    static let source = #"""
        import logging, os
        os.environ["AUTHLIB_INSECURE_TRANSPORT"] = "1"
        logging.disable(logging.CRITICAL)
        import werkzeug.serving
        from oidc_provider_mock import app
        server = werkzeug.serving.make_server("127.0.0.1", 0, app(), threaded=True)
        print(server.server_port, flush=True)
        server.serve_forever(0.1)
        """#
}
