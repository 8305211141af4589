import Foundation
import Testing

@testable import YidiCore

@Suite struct EmbeddedSchemasTests {
    @Test func theBinaryCarriesTheNormativeSchemasByteForByte() throws {
        for (embedded, name) in [
            (EmbeddedSchemas.feeDetail, EmbeddedSchemas.feeDetailFileName),
            (EmbeddedSchemas.manualReimbursement, EmbeddedSchemas.manualReimbursementFileName),
            (EmbeddedSchemas.reconFeedback, EmbeddedSchemas.reconFeedbackFileName)
        ] {
            let file = try String(contentsOfFile: Fixtures.repository + "/Schemas/" + name, encoding: .utf8)
            #expect(embedded == file, "run scripts/embed-schemas after editing Schemas/\(name)")
        }
    }

    @Test func bothSchemasCompile() throws {
        for kind in DropKind.allCases { _ = try CompiledSchema.forKind(kind) }
    }
}
