import Foundation
import ObjectStorage
import Testing

@Suite("Local storage: keys, signatures, files")
struct LocalStorageTests {
    @Test(
        "file names are sanitised",
        arguments: [
            ("product.pdf", "product.pdf"), ("My Photo.PNG", "My-Photo.PNG"), ("../../etc/passwd", "passwd"),
            ("..\\..\\win.ini", "win.ini"), ("...hidden", "hidden"), ("Țară frumoasă.jpg", "Tara-frumoasa.jpg"),
            ("文件.txt", "txt"), ("", "file"), ("///", "file"), ("a//b", "b"), ("a\u{0}b.png", "a-b.png"),
            ("x<script>.gif", "x-script-.gif"),
        ]
    )
    func sanitisedNames(input: String, expected: String) {
        #expect(ObjectKey.sanitizedFileName(input) == expected)
        #expect(ObjectKey.isValid("uploads/\(ObjectKey.sanitizedFileName(input))"))
    }

    @Test("long names keep their extension within 100 bytes")
    func longNames() {
        let name = ObjectKey.sanitizedFileName(String(repeating: "a", count: 300) + ".pdf")
        #expect(name.utf8.count == 100)
        #expect(name.hasSuffix(".pdf"))
    }

    @Test(
        "key rules",
        arguments: [
            ("uploads/a/b.pdf", true), ("uploads/../x", false), ("uploads/./x", false), ("/uploads/x", false),
            ("uploads//x", false), ("uploads/x/", false), ("uploads/.x", false), ("uploads/a b", false),
            ("uploads/%2e%2e/x", false), ("", false), ("uploads/ț", false),
        ]
    )
    func keys(key: String, valid: Bool) {
        #expect(ObjectKey.isValid(key) == valid)
    }

    @Test("signatures bind every part and expire")
    func signatures() throws {
        let signer = LocalURLSigner(secret: Array("secret-one".utf8))
        let other = LocalURLSigner(secret: Array("secret-two".utf8))
        let sig = signer.signature(method: "PUT", key: "k/a", expires: 100, contentType: "image/png", maxBytes: 10)
        #expect(sig.count == 64)
        try signer.verify(
            signature: sig,
            method: "PUT",
            key: "k/a",
            expires: 100,
            contentType: "image/png",
            maxBytes: 10,
            now: 99
        )
        #expect(throws: LocalURLSigner.Refusal.expired) {
            try signer.verify(
                signature: sig,
                method: "PUT",
                key: "k/a",
                expires: 100,
                contentType: "image/png",
                maxBytes: 10,
                now: 100
            )
        }
        let variants: [(LocalURLSigner, String, String, Int64, String, Int)] = [
            (other, "PUT", "k/a", 100, "image/png", 10), (signer, "GET", "k/a", 100, "image/png", 10),
            (signer, "PUT", "k/b", 100, "image/png", 10), (signer, "PUT", "k/a", 101, "image/png", 10),
            (signer, "PUT", "k/a", 100, "image/gif", 10), (signer, "PUT", "k/a", 100, "image/png", 11),
        ]
        for (verifier, method, key, expires, type, max) in variants {
            #expect(throws: LocalURLSigner.Refusal.invalidSignature) {
                try verifier.verify(
                    signature: sig,
                    method: method,
                    key: key,
                    expires: expires,
                    contentType: type,
                    maxBytes: max,
                    now: 0
                )
            }
        }
        #expect(throws: LocalURLSigner.Refusal.invalidSignature) {
            try signer.verify(
                signature: "zz",
                method: "PUT",
                key: "k/a",
                expires: 100,
                contentType: "image/png",
                maxBytes: 10,
                now: 0
            )
        }
    }

    @Test("files round-trip under the root; bad keys never touch the disk")
    func files() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("store-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let store = LocalObjectStore(directory: root.path)
        try await store.write(Array("one".utf8), key: "uploads/s/a.txt")
        try await store.write(Array("two".utf8), key: "uploads/s/a.txt")
        #expect(try await store.read(key: "uploads/s/a.txt") == Array("two".utf8))
        #expect(try await store.read(key: "uploads/s/missing.txt") == nil)
        let names = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("uploads/s").path)
        #expect(names == ["a.txt"])
        await #expect(throws: LocalObjectStore.Failure.invalidKey) {
            try await store.write(Array("x".utf8), key: "uploads/../../escape.txt")
        }
        await #expect(throws: LocalObjectStore.Failure.invalidKey) {
            _ = try await store.read(key: "../etc/passwd")
        }
    }
}
