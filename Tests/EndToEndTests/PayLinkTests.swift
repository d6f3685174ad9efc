import Foundation
import TestSupport
import Testing

extension PlatformTests {
    /// Issue 5 through the gateway: a seller's payment links end to end, their pagination, privacy between
    /// sellers, and the public checkout data.
    @Suite struct PayLinkTests {
        private func seller(_ client: EdgeClient) async throws -> APIAccount {
            try await APIAccount.signUp(
                email: "seller-\(UUID().uuidString.prefix(8).lowercased())@paylinks.test",
                client: client
            )
        }

        @Test func createReadUpdateDuplicateToggleDelete() async throws {
            let platform = try await SharedPlatform.shared.running()
            let client = EdgeClient(port: platform.ports.gateway)
            let account = try await seller(client)
            let created = try await client.send(
                "POST",
                "/api/v1/paylinks",
                json: [
                    "title": "Curs de șapte ședințe", "description": "Tot cursul", "priceType": "FIXED",
                    "serviceType": "DIGITAL_PRODUCT", "amount": 4999, "collectEmail": true,
                    "fileUrl": "https://files.example.com/secret/curs.pdf",
                ],
                token: account.token,
                headers: [("X-Currency", "eur")]
            )
            #expect(created.status == 201, "\(created.bodyText)")
            let link = EdgeClient.object(created)
            let id = try #require(link["id"] as? String)
            let slug = try #require(link["slug"] as? String)
            #expect(slug == "curs-de-sapte-sedinte", "diacritics transliterated: \(slug)")
            #expect(link["currency"] as? String == "EUR", "currency from X-Currency")
            #expect(link["amount"] as? Int == 4999)
            #expect(link["active"] as? Bool == true)

            let read = try await client.send("GET", "/api/v1/paylinks/\(id)", token: account.token)
            #expect(read.status == 200 && EdgeClient.object(read)["title"] as? String == "Curs de șapte ședințe")

            let patched = try await client.send(
                "PATCH",
                "/api/v1/paylinks/\(id)",
                json: ["amount": 5999, "title": "Curs complet"],
                token: account.token
            )
            #expect(patched.status == 200, "\(patched.bodyText)")
            #expect(EdgeClient.object(patched)["amount"] as? Int == 5999)
            #expect(EdgeClient.object(patched)["slug"] as? String == slug, "the slug stays")
            let typeChange = try await client.send(
                "PATCH",
                "/api/v1/paylinks/\(id)",
                json: ["priceType": "FREE"],
                token: account.token
            )
            #expect(typeChange.status == 400, "\(typeChange.bodyText)")

            let publicLink = try await client.send("GET", "/api/v1/paylinks/public/\(slug)")
            #expect(publicLink.status == 200, "\(publicLink.bodyText)")
            #expect(!publicLink.bodyText.contains("files.example.com"), "fileUrl never public: \(publicLink.bodyText)")
            #expect(!publicLink.bodyText.contains(account.userID), "no seller id in the public object")

            let copy = try await client.send("POST", "/api/v1/paylinks/\(id)/duplicate", token: account.token)
            #expect(copy.status == 201, "\(copy.bodyText)")
            let copyID = try #require(EdgeClient.object(copy)["id"] as? String)
            #expect(EdgeClient.object(copy)["slug"] as? String != slug)

            let toggled = try await client.send("POST", "/api/v1/paylinks/\(id)/toggle", token: account.token)
            #expect(EdgeClient.object(toggled)["active"] as? Bool == false, "\(toggled.bodyText)")
            #expect(try await client.send("GET", "/api/v1/paylinks/public/\(slug)").status == 404, "inactive: gone")
            let again = try await client.send("POST", "/api/v1/paylinks/\(id)/toggle", token: account.token)
            #expect(EdgeClient.object(again)["active"] as? Bool == true)
            let sitemap = try await client.send("GET", "/api/v1/paylinks/public")
            #expect(
                sitemap.status == 200 && sitemap.bodyText.contains("\"\(slug)\""),
                "\(sitemap.bodyText.prefix(300))"
            )

            let deleted = try await client.send("DELETE", "/api/v1/paylinks/\(id)", token: account.token)
            #expect(deleted.status == 200, "\(deleted.bodyText)")
            #expect(try await client.send("GET", "/api/v1/paylinks/\(id)", token: account.token).status == 404)
            #expect(try await client.send("GET", "/api/v1/paylinks/public/\(slug)").status == 404)
            #expect(try await client.send("GET", "/api/v1/paylinks/\(copyID)", token: account.token).status == 200)
        }

        @Test func anotherSellersLinkIsNotFoundOnEveryRoute() async throws {
            let platform = try await SharedPlatform.shared.running()
            let client = EdgeClient(port: platform.ports.gateway)
            let owner = try await seller(client)
            let other = try await seller(client)
            let created = try await client.send(
                "POST",
                "/api/v1/paylinks",
                json: ["title": "Consultanță", "priceType": "FIXED", "serviceType": "SERVICE", "amount": 20000],
                token: owner.token
            )
            let id = try #require(EdgeClient.object(created)["id"] as? String, "\(created.bodyText)")
            for (method, path, body) in [
                ("GET", "/api/v1/paylinks/\(id)", nil), ("PATCH", "/api/v1/paylinks/\(id)", ["amount": 1]),
                ("DELETE", "/api/v1/paylinks/\(id)", nil), ("POST", "/api/v1/paylinks/\(id)/duplicate", nil),
                ("POST", "/api/v1/paylinks/\(id)/toggle", nil),
            ] as [(String, String, [String: Any]?)] {
                let response = try await client.send(method, path, json: body, token: other.token)
                #expect(response.status == 404, "\(method) \(path): \(response.bodyText)")
                #expect(PlatformHTTP.errorCode(response) == "NOT_FOUND", "\(response.bodyText)")
            }
            let list = try await client.send("GET", "/api/v1/paylinks", token: other.token)
            #expect(!list.bodyText.contains(id))
            #expect(try await client.send("GET", "/api/v1/paylinks/\(id)", token: owner.token).status == 200)
            #expect(try await client.send("GET", "/api/v1/paylinks").status == 401, "anonymous")
        }

        @Test func twoHundredFiftyLinksPageExactlyOnceInOrder() async throws {
            let platform = try await SharedPlatform.shared.running()
            let client = EdgeClient(port: platform.ports.gateway)
            let account = try await seller(client)
            var createdIDs: [String] = []
            try await withThrowingTaskGroup(of: [String].self) { group in
                for worker in 0..<5 {
                    group.addTask {
                        var ids: [String] = []
                        for index in stride(from: worker, to: 250, by: 5) {
                            let response = try await client.send(
                                "POST",
                                "/api/v1/paylinks",
                                json: [
                                    "title": "Link \(index)", "priceType": "FIXED", "serviceType": "SERVICE",
                                    "amount": 100 + index,
                                ],
                                token: account.token
                            )
                            #expect(response.status == 201, "\(response.bodyText)")
                            if let id = EdgeClient.object(response)["id"] as? String { ids.append(id) }
                        }
                        return ids
                    }
                }
                for try await ids in group { createdIDs += ids }
            }
            #expect(createdIDs.count == 250)

            var seen: [String] = []
            var createdAts: [String] = []
            var cursor: String?
            var pages = 0
            repeat {
                let query = "limit=100" + (cursor.map { "&cursor=\($0)" } ?? "")
                let page = try await client.send("GET", "/api/v1/paylinks?\(query)", token: account.token)
                #expect(page.status == 200, "\(page.bodyText.prefix(300))")
                let body = EdgeClient.object(page)
                let data = body["data"] as? [[String: Any]] ?? []
                seen += data.compactMap { $0["id"] as? String }
                createdAts += data.compactMap { $0["createdAt"] as? String }
                cursor = body["nextCursor"] as? String
                #expect((body["hasMore"] as? Bool) == (cursor != nil))
                pages += 1
            } while cursor != nil && pages < 10
            #expect(pages == 3)
            #expect(seen.count == 250 && Set(seen).count == 250, "\(seen.count) items, \(Set(seen).count) distinct")
            #expect(Set(seen) == Set(createdIDs))
            #expect(createdAts == createdAts.sorted(by: >), "newest first")

            for query in ["limit=0", "limit=1000", "limit=abc", "cursor=not-a-cursor", "cursor=eyJ4IjoxfQ"] {
                let response = try await client.send("GET", "/api/v1/paylinks?\(query)", token: account.token)
                #expect(response.status == 400, "\(query): \(response.bodyText)")
                #expect(PlatformHTTP.errorCode(response) != nil)
            }
        }

        @Test func anAIDraftComesBackThroughTheGatewayUnsaved() async throws {
            let platform = try await SharedPlatform.shared.running()
            let client = EdgeClient(port: platform.ports.gateway)
            let account = try await seller(client)
            let drafted = try await client.send(
                "POST",
                "/api/v1/paylinks/ai-draft",
                json: ["prompt": "Ebook despre investiții, 49,99 lei"],
                token: account.token
            )
            #expect(drafted.status == 200, "\(drafted.bodyText)")
            let draft = EdgeClient.object(drafted)
            #expect(draft["amount"] as? Int == 4999)
            #expect(draft["currency"] as? String == "RON")
            #expect(draft["serviceType"] as? String == "DIGITAL_PRODUCT")
            #expect(draft["id"] == nil, "a draft is not saved")
            let list = try await client.send("GET", "/api/v1/paylinks", token: account.token)
            #expect((EdgeClient.object(list)["data"] as? [Any])?.isEmpty == true, "\(list.bodyText)")
        }
    }
}
