import StripeSandboxCore

/// `/v1/accounts` (connected accounts of the platform) and `/v1/account` (the caller's own).
enum AccountRoutes {
    static func register(_ routes: SandboxRoutes) {
        routes.post("/v1/accounts", schema: Accounts.createSchema) { call in
            guard call.isPlatform else { throw ConnectSupport.platformOnly("create connected accounts") }
            let account = try Accounts.make(call.params, call: call)
            try await call.store.insert(account, account: call.platformAccount)
            return .object(account)
        }
        routes.get("/v1/accounts", schema: .list()) { call in
            try await call.store.list(object: "account", account: call.account, page: call.page, url: "/v1/accounts")
        }
        routes.get("/v1/accounts/{id}") { call in
            let id = call.path("id")
            if id == call.account { return .object(try await Accounts.current(call: call)) }
            return .object(try await call.store.require(id, account: call.account, object: "account"))
        }
        routes.post("/v1/accounts/{id}", schema: Accounts.updateSchema) { call in
            let id = call.path("id")
            let old: JSONObject
            if id == call.account {
                old = try await Accounts.current(call: call)
            } else {
                old = try await call.store.require(id, account: call.account, object: "account", forUpdate: true)
            }
            var account = old
            try Accounts.apply(call.params, to: &account, call: call)
            Accounts.refresh(&account)
            if let previous = ConnectSupport.previous(old, account) {
                try await Accounts.save(account, call: call)
                try await call.events.record(type: "account.updated", object: account, account: id, previous: previous)
            }
            return .object(account)
        }
        routes.delete("/v1/accounts/{id}") { call in
            guard call.isPlatform else { throw ConnectSupport.platformOnly("delete connected accounts") }
            let id = call.path("id")
            guard id != call.platformAccount else {
                throw StripeError.invalidRequest("The platform account cannot be deleted.", param: "id")
            }
            _ = try await call.store.require(id, account: call.platformAccount, object: "account", forUpdate: true)
            try await call.store.delete(id, account: call.platformAccount)
            return ["id": .string(id), "object": "account", "deleted": true]
        }
        routes.get("/v1/account") { call in
            .object(try await Accounts.current(call: call))
        }
    }
}
