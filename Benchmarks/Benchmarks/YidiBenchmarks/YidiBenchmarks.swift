import Benchmark
import Foundation
import YidiCore

/// The sample reference data of the repository, for the classification benchmark.
private let reference: ReferenceData = {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    return try! ReferenceData.load(directory: root.path + "/Sources/yidi/Resources/sample")
}()

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration.maxDuration = .seconds(2)

    Benchmark("Money: parse an amount") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(Amount("12345.67")) }
    }

    Benchmark("Money: round2(cnt × pric)") { benchmark in
        let q = Quantity("3")!, p = UnitPrice("33.333333")!
        for _ in benchmark.scaledIterations { blackHole(UnitPrice.lineAmount(q, p)) }
    }

    Benchmark("Classify: one line (mapping, catalog, scope parts)") { benchmark in
        let classifier = LineClassifier(reference: reference, institutionCode: "H44010600001", treatmentProvince: "44")
        var line = FeeLine()
        line.hospitalItemCode = "00001-09WM004"
        line.occurredAt = LocalDateTime("2025-11-12T10:00:00")!
        line.quantity = Quantity("3")!
        line.unitPrice = UnitPrice("33.333333")!
        line.amount = Amount("100.00")!
        for _ in benchmark.scaledIterations { blackHole(classifier.classify(line)) }
    }

    Benchmark("Settle: one settlement's fund share") { benchmark in
        let policy = PolicyRule(
            insuredArea: "110000", insuranceType: .employee, medicalType: .outpatient, diseaseCode: nil, year: 2026,
            deductible: Amount("1800.00")!, deductibleScope: .year, ratios: [Ratio("0.9")!, Ratio("0.85")!, Ratio("0.7")!],
            annualCap: Amount("20000.00")!, cutReferral: Ratio("0.1")!, cutEmergency: Ratio("0.05")!,
            cutOther: Ratio("0.2")!, cutUnfiled: Ratio("0.3")!)
        for _ in benchmark.scaledIterations {
            blackHole(
                FundShare.compute(
                    policy: policy, grade: 3, filing: .referral, inScope: Amount("391.68")!,
                    total: Amount("487.80")!, deductibleBefore: Amount("1700.00")!, fundBefore: .zero))
        }
    }
}
