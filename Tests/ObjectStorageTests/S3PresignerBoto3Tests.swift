import Foundation
import HTTPCore
import ObjectStorage
import TestSupport
import Testing

/// boto3 is the oracle: same credentials, same frozen clock, same request → the same URL, byte for byte.
@Suite("S3Presigner against boto3 and moto")
struct S3PresignerBoto3Tests {
    /// Presigns each case with boto3's `generate_presigned_url('put_object', …)` at 2026-01-02T03:04:05Z.
    static let boto3Script = """
        import sys, json, datetime
        import botocore.auth, boto3
        from botocore.config import Config
        botocore.auth.get_current_datetime = lambda *a, **k: datetime.datetime(2026, 1, 2, 3, 4, 5)
        out = []
        for c in json.loads(sys.stdin.read()):
            s3 = boto3.client('s3', endpoint_url=c.get('endpoint'), region_name=c['region'],
                aws_access_key_id=c['accessKeyID'], aws_secret_access_key=c['secret'],
                config=Config(signature_version='s3v4', s3={'addressing_style': c['style']}))
            params = {'Bucket': c['bucket'], 'Key': c['key'], 'ContentType': c['contentType']}
            out.append(s3.generate_presigned_url('put_object', Params=params, ExpiresIn=c['expires']))
        print(json.dumps(out))
        """

    struct Case: Codable {
        var endpoint: String?
        var region: String
        var accessKeyID: String
        var secret: String
        var style: String
        var bucket: String
        var key: String
        var contentType: String
        var expires: Int
    }

    static let frozen: Int64 = 1_767_323_045  // 2026-01-02T03:04:05Z

    static let cases: [Case] = {
        let keys = [
            "uploads/seller/0190a/product.pdf", "uploads/a b/c  d.png", "unicode/ț ș ă/Ünïcødé 文件.txt",
            "plus+sign/a+b.zip", "tilde~/x~y.gif", "odd/!$&'()*,;=:@[]/x.mp3", "percent%20/already%2Fenc",
        ]
        var cases = keys.map {
            Case(
                endpoint: "https://acct.r2.cloudflarestorage.com",
                region: "auto",
                accessKeyID: "AKIDR2EXAMPLE",
                secret: "r2/secret+key=EXAMPLE",
                style: "path",
                bucket: "paylinks-uploads",
                key: $0,
                contentType: "application/pdf",
                expires: 900
            )
        }
        cases.append(
            Case(
                endpoint: "http://127.0.0.1:9000",
                region: "eu-central-1",
                accessKeyID: "AKID",
                secret: "s",
                style: "path",
                bucket: "b1",
                key: "k/with space.png",
                contentType: "image/png",
                expires: 3600
            )
        )
        // Virtual-hosted, AWS itself (no endpoint: boto3's default).
        cases.append(
            Case(
                endpoint: nil,
                region: "eu-west-1",
                accessKeyID: "AKIAIOSFODNN7EXAMPLE",
                secret: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                style: "virtual",
                bucket: "examplebucket",
                key: "photos/ă î.jpg",
                contentType: "image/jpeg",
                expires: 604_800
            )
        )
        return cases
    }()

    @Test("presigned PUT URLs are byte-identical to boto3's")
    func matchesBoto3() async throws {
        let input = String(decoding: try JSONEncoder().encode(Self.cases), as: UTF8.self)
        let result = try await PythonPeer.run(script: Self.boto3Script, standardInput: input)
        #expect(result.status == 0, "\(result.errors)")
        let expected = try JSONDecoder().decode([String].self, from: Data(result.output.utf8))
        #expect(expected.count == Self.cases.count)
        for (index, item) in Self.cases.enumerated() where index < expected.count {
            let configuration = try #require(
                S3Configuration(
                    endpoint: item.endpoint ?? "https://s3.\(item.region).amazonaws.com",
                    bucket: item.bucket,
                    region: item.region,
                    accessKeyID: item.accessKeyID,
                    secretAccessKey: item.secret,
                    addressingStyle: item.style == "virtual" ? .virtualHosted : .path
                )
            )
            let url = S3Presigner(configuration: configuration)
                .presignedPut(
                    key: item.key,
                    contentType: item.contentType,
                    expiresIn: item.expires,
                    unixSeconds: Self.frozen
                )
            #expect(url == expected[index], "key \(item.key)")
        }
    }

    static let motoScript = """
        import sys, time
        from moto.server import ThreadedMotoServer
        server = ThreadedMotoServer(ip_address='127.0.0.1', port=0, verbose=False)
        server.start()
        print(server._server.server_port, flush=True)
        while True:
            time.sleep(60)
        """

    static let bucketScript = """
        import sys, boto3
        s3 = boto3.client('s3', endpoint_url=sys.argv[1], region_name='us-east-1',
            aws_access_key_id='testing', aws_secret_access_key='testing')
        if sys.argv[2] == 'create':
            s3.create_bucket(Bucket='paylinks-test')
        else:
            obj = s3.get_object(Bucket='paylinks-test', Key=sys.argv[3])
            sys.stdout.write(obj['ContentType'] + '\\n' + obj['Body'].read().decode('utf-8'))
        """

    @Test("an upload through a presigned URL lands in a moto server")
    func uploadLandsInMoto() async throws {
        let moto = try await PythonPeer.start(name: "s3-peer", script: Self.motoScript)
        defer { moto.stop() }
        let port = try #require(Int(moto.firstLine))
        let endpoint = "http://127.0.0.1:\(port)"
        let created = try await PythonPeer.run(script: Self.bucketScript, arguments: [endpoint, "create"])
        #expect(created.status == 0, "\(created.errors)")

        let configuration = try #require(
            S3Configuration(
                endpoint: endpoint,
                bucket: "paylinks-test",
                region: "us-east-1",
                accessKeyID: "testing",
                secretAccessKey: "testing"
            )
        )
        let key = "uploads/seller-1/0190abcd/hello world.txt"
        let url = S3Presigner(configuration: configuration)
            .presignedPut(key: key, contentType: "text/plain", expiresIn: 300, unixSeconds: Int64(time(nil)))
        let prefix = "http://127.0.0.1:\(port)"
        #expect(url.hasPrefix(prefix + "/paylinks-test/uploads/seller-1/0190abcd/hello%20world.txt?"))
        let target = String(url.dropFirst(prefix.count))
        let content = "presigned upload \(UUID().uuidString)"
        let response = try await HTTPTestClient.exchange(
            port: port,
            "PUT",
            target,
            headers: [("Host", "127.0.0.1:\(port)"), ("Content-Type", "text/plain")],
            body: Array(content.utf8)
        )
        #expect(response.status == 200, "\(response.bodyText)")

        let read = try await PythonPeer.run(script: Self.bucketScript, arguments: [endpoint, "get", key])
        #expect(read.status == 0, "\(read.errors)")
        #expect(read.output == "text/plain\n" + content)
    }
}
