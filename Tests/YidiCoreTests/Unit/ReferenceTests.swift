import Foundation
import Testing

@testable import YidiCore

@Suite("Reference data: loaded, checked, looked up")
struct ReferenceTests {
    static let sample = Fixtures.reference

    /// A copy of the sample reference data with one file replaced.
    private func brokenCopy(_ file: String, _ text: String) throws -> (TemporaryDirectory, String) {
        let dir = TemporaryDirectory()
        for name in try FileManager.default.contentsOfDirectory(atPath: Fixtures.sampleReference) {
            try FileManager.default.copyItem(atPath: Fixtures.sampleReference + "/" + name, toPath: dir.path + "/" + name)
        }
        try FileManager.default.removeItem(atPath: dir.path + "/" + file)
        _ = dir.write(file, bytes: Array(text.utf8))
        return (dir, dir.path)
    }

    private func loadError(_ file: String, _ text: String) throws -> String {
        let (dir, path) = try brokenCopy(file, text)
        defer { withExtendedLifetime(dir) {} }
        do {
            _ = try ReferenceData.load(directory: path)
            return "loaded"
        } catch {
            #expect(error.kind == .config)
            return error.message.replacingAll(path + "/", with: "")
        }
    }

    @Test func theSampleLoadsWithItsHashes() throws {
        let r = Self.sample
        #expect(r.provinces.count == 8 && r.institutions.count == 8 && r.chronicDiseases.count == 5)
        #expect(r.catalog.count >= 200)
        #expect(
            r.fileHashes.map(\.file).sorted() == [
                "calendar.csv", "catalog.csv", "chronic_diseases.csv",
                "institutions.csv", "mapping.csv", "policies.csv", "provinces.csv"
            ])
        #expect(r.fileHashes.allSatisfy { $0.sha256.count == 64 })
    }

    @Test func brokenFilesNameFileLineAndField() throws {
        #expect(try loadError("provinces.csv", "prov_admdvs\n110000\n") == "provinces.csv:1: missing column prov_name")
        #expect(
            try loadError(
                "institutions.csv",
                "fixmedins_code,fixmedins_name,admdvs,hosp_lv,begndate,enddate\nH1,医院,440106,4,2020-01-01,\n"
            )
            .hasPrefix("institutions.csv:2: hosp_lv: must be 1, 2 or 3"))
        #expect(
            try loadError(
                "institutions.csv",
                "fixmedins_code,fixmedins_name,admdvs,hosp_lv,begndate,enddate\nH1,医院,440106,3,2020-01-01,2024-12-31\nH1,医院,440106,2,2024-06-01,\n"
            )
            .hasPrefix("institutions.csv:3: begndate: validity overlaps the row on line 2"))
        let catalogHeader =
            "prov_admdvs,med_list_codg,med_list_name,med_chrgitm_type,chrgitm_lv,selfpay_prop,pric_uplmt_amt,begndate,enddate\n"
        #expect(
            try loadError("catalog.csv", catalogHeader + "440000,X1,\"药, 片\",09,02,0,,2024-01-01,\n")
                .hasPrefix("catalog.csv:2: selfpay_prop: class B needs a share > 0"))
        #expect(
            try loadError("catalog.csv", catalogHeader + "440000,X1,药,15,01,0,,2024-01-01,\n")
                .hasPrefix("catalog.csv:2: med_chrgitm_type"))
        #expect(
            try loadError("catalog.csv", catalogHeader + "440000,X1,药,09,01,0,abc,2024-01-01,\n")
                .hasPrefix("catalog.csv:2: pric_uplmt_amt"))
        #expect(
            try loadError("catalog.csv", catalogHeader + "440000,X1,药,09,01,0,,2024-02-30,\n")
                .hasPrefix("catalog.csv:2: begndate: not a date"))
        #expect(
            try loadError("calendar.csv", "date,kind\n2025-01-25,holiday\n")
                .hasPrefix("calendar.csv:2: kind: a holiday on a weekend day"))
        #expect(
            try loadError("calendar.csv", "date,kind\n2025-01-27,workday\n")
                .hasPrefix("calendar.csv:2: kind: a make-up working day on a weekday"))
        let policyHeader =
            "insu_admdvs,insutype,med_type,dise_codg,year,dedc,dedc_scope,ratio_lv1,ratio_lv2,ratio_lv3,annual_cap,cut_referral,cut_emergency,cut_other,cut_unfiled\n"
        let row = "110000,310,11,,2025,1800.00,year,0.9,0.85,0.7,20000.00,0.1,0.05,0.2,0.3\n"
        #expect(try loadError("policies.csv", policyHeader + row + row).hasPrefix("policies.csv:3: insu_admdvs: a policy for the same key"))
        #expect(
            try loadError("policies.csv", policyHeader + row.replacingAll("year,0.9", with: "month,0.9"))
                .hasPrefix("policies.csv:2: dedc_scope"))
        #expect(
            try loadError("policies.csv", policyHeader + row.replacingAll(",11,,", with: ",14,M99999,"))
                .hasPrefix("policies.csv:2: dise_codg"))
        #expect(
            try loadError("policies.csv", policyHeader + row.replacingAll("0.85", with: "1.5"))
                .hasPrefix("policies.csv:2: ratio_lv2"))
        #expect(
            try loadError("mapping.csv", "fixmedins_code,medins_list_codg,med_list_codg,begndate,enddate\nH1,A,\"B\n").contains(
                "never closed"))
    }

    @Test func csvQuotingCRLFAndByteOrderMark() throws {
        let dir = TemporaryDirectory()
        let text = "\u{FEFF}a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",中文\r\n\r\nplain,\"multi\nline\",\r\n"
        let path = dir.write("t.csv", bytes: Array(text.utf8))
        var header: [String] = []
        var rows: [CSVReader.Row] = []
        try CSVReader(path: path).read(header: { header = $0 }, row: { rows.append($0) })
        #expect(header == ["a", "b", "c"])
        #expect(rows.map(\.fields) == [["x, y", "say \"hi\"", "中文"], ["plain", "multi\nline", ""]])
        #expect(rows.map(\.line) == [2, 4])
    }

    @Test func lookupsByKeyAndDate() throws {
        let r = Self.sample
        // the consultation item was renumbered on 2025-09-01
        let mapping = r.mapping.institution("H44010600001")
        #expect(mapping["00001-02CON01"]?.on(LocalDate("2025-08-31")!) == "YB02CON01")
        #expect(mapping["00001-02CON01"]?.on(LocalDate("2025-09-01")!) == nil)
        #expect(mapping["00001-02CON01A"]?.on(LocalDate("2025-09-01")!) == "YB02CON01")
        // acupuncture became class A in Guangdong on 2025-07-01; Shanghai keeps class B at a lower share
        let gd = r.catalog.province("44")
        #expect(gd["YB05TRT06"]?.on(LocalDate("2025-06-30")!)?.itemClass == .classB)
        #expect(gd["YB05TRT06"]?.on(LocalDate("2025-07-01")!)?.itemClass == .classA)
        #expect(r.catalog.province("31")["YB05TRT06"]?.on(LocalDate("2025-07-01")!)?.selfPayShare == Ratio("0.15"))
        // policy: exact area, then city, then province
        let exact = r.policies.rule(area: "110105", insuranceType: .employee, medicalType: .inpatient, disease: nil, year: 2025)
        #expect(exact?.insuredArea == "110105")
        let city = r.policies.rule(area: "510104", insuranceType: .employee, medicalType: .outpatient, disease: nil, year: 2026)
        #expect(city?.insuredArea == "510100")
        let province = r.policies.rule(area: "510104", insuranceType: .resident, medicalType: .outpatient, disease: nil, year: 2026)
        #expect(province?.insuredArea == "510000")
        let chronic = r.policies.rule(area: "320102", insuranceType: .resident, medicalType: .chronicDisease, disease: "M01600", year: 2025)
        #expect(chronic?.diseaseCode == "M01600" && chronic?.annualCap == Amount("4000.00"))
        #expect(r.policies.rule(area: "610102", insuranceType: .employee, medicalType: .outpatient, disease: nil, year: 2025) == nil)
        #expect(r.policies.rule(area: "110105", insuranceType: .employee, medicalType: .outpatient, disease: nil, year: 2027) == nil)
        // institutions by date
        #expect(r.institutions.institution("H44010600009", on: LocalDate("2025-06-30")!)?.grade == 1)
        #expect(r.institutions.institution("H44010600009", on: LocalDate("2025-07-01")!) == nil)
    }

    @Test func workingDaysAcrossTheSpringFestival() throws {
        let c = Self.sample.calendar
        // issued Friday 2025-01-24: Sunday 26 Jan is worked, 28 Jan – 4 Feb are off
        // working days after it: 26 (Sun), 27, 5 Feb, 6, 7 → the 5th is 2025-02-07
        #expect(try c.nextWorkingDay(after: LocalDate("2025-01-24")!, 1) == LocalDate("2025-01-26"))
        #expect(try c.nextWorkingDay(after: LocalDate("2025-01-24")!, 5) == LocalDate("2025-02-07"))
        #expect(!c.isWorkingDay(LocalDate("2025-01-28")!) && c.isWorkingDay(LocalDate("2025-02-08")!))
        #expect(throws: YidiError.self) { try c.nextWorkingDay(after: LocalDate("2026-12-28")!, 5) }
    }
}
