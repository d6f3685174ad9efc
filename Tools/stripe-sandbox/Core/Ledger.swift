import Postgres

/// Balance transactions (`txn_…`) and the balances derived from them.
///
/// A balance is never stored: it is the sum of an account's balance transactions' `net`, split by whether
/// `available_on` has passed on the sandbox clock, so advancing the clock makes funds available by itself.
package struct Ledger: Sendable {
    let store: ObjectStore

    /// The processing fee on a card charge: 1.5% (half up) plus a fixed amount per currency.
    package static func stripeFee(amount: Int64, currency: String) -> Int64 {
        let fixed: Int64 =
            switch currency {
            case "ron": 100
            case "eur": 25
            case "gbp": 20
            default: 30
            }
        // Amounts are bounded by the routes; stay correct (and never trap) for any Int64 anyway.
        let (product, overflow) = amount.multipliedReportingOverflow(by: 15)
        let percent = overflow ? amount / 1000 * 15 : product / 1000 + (product % 1000 >= 500 ? 1 : 0)
        return percent.addingReportingOverflow(fixed).overflow ? Int64.max : percent + fixed
    }

    /// How long card funds stay pending: 7 days.
    package static let pendingSeconds: Int64 = 7 * 86_400

    /// Creates and stores a balance transaction on `account`.
    ///
    /// - Parameters:
    ///   - amount: gross amount (negative for money leaving: refunds, payouts, dispute withdrawals).
    ///   - fees: `(amount, type, description)` fee lines (`stripe_fee`, `application_fee`); `net = amount - Σ fees`.
    ///   - type: `charge`, `payment`, `refund`, `payout`, `payout_failure`, `application_fee`, `transfer`,
    ///     `adjustment` (disputes)…
    ///   - reportingCategory: `charge`, `refund`, `payout`, `dispute`, `dispute_reversal`, `platform_earning`,
    ///     `transfer`…
    ///   - availableOn: when the funds become available; default now.
    /// - Returns: the stored object.
    @discardableResult
    package func record(
        account: String,
        amount: Int64,
        currency: String,
        fees: [(amount: Int64, type: String, description: String)] = [],
        type: String,
        reportingCategory: String,
        source: String?,
        description: String? = nil,
        availableOn: Int64? = nil
    ) async throws -> JSONObject {
        var transaction = Templates.make("balance_transaction")
        let fee = fees.reduce(0) { $0 + $1.amount }
        let availableOn = availableOn ?? store.now
        transaction["amount"] = .int(amount)
        transaction["available_on"] = .int(availableOn)
        transaction["created"] = .int(store.now)
        transaction["currency"] = .string(currency)
        transaction["description"] = .string(description)
        transaction["fee"] = .int(fee)
        transaction["fee_details"] = .array(
            fees.map { line in
                [
                    "amount": .int(line.amount), "application": .null, "currency": .string(currency),
                    "description": .string(line.description), "type": .string(line.type),
                ]
            }
        )
        transaction["id"] = .string(IDs.make("txn"))
        transaction["net"] = .int(amount - fee)
        transaction["reporting_category"] = .string(reportingCategory)
        transaction["source"] = .string(source)
        transaction["status"] = availableOn <= store.now ? "available" : "pending"
        transaction["type"] = .string(type)
        transaction["balance_type"] = "payments"
        try await store.insert(transaction, account: account)
        return transaction
    }

    /// Available and pending amounts per currency of `account`: `[currency: (available, pending)]`.
    package func totals(account: String) async throws -> [String: (available: Int64, pending: Int64)] {
        let rows = try await store.connection.query(
            """
            SELECT data->>'currency',
                   COALESCE(sum((data->>'net')::bigint) FILTER (WHERE (data->>'available_on')::bigint <= \(store.now)), 0),
                   COALESCE(sum((data->>'net')::bigint) FILTER (WHERE (data->>'available_on')::bigint > \(store.now)), 0)
            FROM stripe_sandbox.objects
            WHERE account = \(account) AND object = 'balance_transaction'
            GROUP BY 1 ORDER BY 1
            """
        )
        var totals: [String: (available: Int64, pending: Int64)] = [:]
        for row in rows {
            let (currency, available, pending) = try row.decode((String, Int64, Int64).self)
            totals[currency] = (available, pending)
        }
        return totals
    }

    /// The `balance` object of `account` (`defaultCurrency` when it has no transactions yet).
    package func balance(account: String, defaultCurrency: String = "ron") async throws -> JSONObject {
        var totals = try await totals(account: account)
        if totals.isEmpty { totals[defaultCurrency] = (0, 0) }
        let currencies = totals.keys.sorted()
        var balance = Templates.make("balance")
        balance["available"] = .array(
            currencies.map { currency in
                let amount = totals[currency]!.available
                return ["amount": .int(amount), "currency": .string(currency), "source_types": ["card": .int(amount)]]
            }
        )
        balance["connect_reserved"] = .array(currencies.map { ["amount": 0, "currency": .string($0)] })
        balance["pending"] = .array(
            currencies.map { currency in
                let amount = totals[currency]!.pending
                return ["amount": .int(amount), "currency": .string(currency), "source_types": ["card": .int(amount)]]
            }
        )
        return balance
    }
}
