import CLibXML2

/// What the parser tracks to check the pattern facets in Swift exactly where libxml2 would have.
///
/// libxml2 validates an element right after the parser's own callback for it returns (start
/// tag: its place in the content model; end tag: its value). So the errors that arrive between
/// one callback and the next belong to the element of the first. A field's value is matched
/// against its pattern only when libxml2 validated it and its base type held (no error but facet
/// errors in its window), and nothing is checked in what libxml2 skips after an element it did
/// not expect (the rest of that element's parent).
struct PatternWindow {
    /// The facet errors that libxml2 reports alongside a pattern's (all facets are checked).
    static let facetCodes: Set<Int32> = Set(
        [
            XML_SCHEMAV_CVC_LENGTH_VALID, XML_SCHEMAV_CVC_MINLENGTH_VALID, XML_SCHEMAV_CVC_MAXLENGTH_VALID,
            XML_SCHEMAV_CVC_MININCLUSIVE_VALID, XML_SCHEMAV_CVC_MAXINCLUSIVE_VALID, XML_SCHEMAV_CVC_MINEXCLUSIVE_VALID,
            XML_SCHEMAV_CVC_MAXEXCLUSIVE_VALID, XML_SCHEMAV_CVC_TOTALDIGITS_VALID, XML_SCHEMAV_CVC_FRACTIONDIGITS_VALID,
            XML_SCHEMAV_CVC_PATTERN_VALID, XML_SCHEMAV_CVC_ENUMERATION_VALID
        ].map { Int32($0.rawValue) })

    /// A field whose value did not match, waiting for what libxml2 says of it.
    struct Mismatch {
        var tag: ElementTag
        var facet: PatternFacets.Facet
        var value: String
        var line: Int
    }

    /// What the last callback was: a plain value, since it is replaced at every callback (a
    /// payload that needs releasing cost 3 % of the parsing thread).
    enum Event {
        case other
        case started(depth: Int)
        /// A field ended; `mismatch` holds it when its value did not match.
        case fieldEnded
    }

    /// The current schema's facets (nil: strict schema, libxml2 checks the patterns).
    var facets: PatternFacets?
    /// Schema errors other than facet errors, so far.
    var nonFacetErrors = 0
    /// `nonFacetErrors` when the last callback returned.
    var mark = 0
    var last = Event.other
    /// The field that ended last, when its value did not match its pattern.
    var mismatch: Mismatch?
    /// libxml2 skips the rest of the element at this depth.
    var skippingDepth: Int?
}

extension DropParser {
    /// Called first in every element callback: settles what the previous one left open.
    func resolvePatternWindow() {
        guard patterns.facets != nil else { return }
        let raised = patterns.nonFacetErrors != patterns.mark
        switch patterns.last {
        case .started(let depth) where raised && patterns.skippingDepth == nil:
            patterns.skippingDepth = depth - 1
        case .fieldEnded where !raised && patterns.skippingDepth == nil && patterns.mismatch != nil:
            let mismatch = patterns.mismatch!
            let name = mismatch.tag.name
            report(
                schemaError(
                    "Element '\(name)': [facet 'pattern'] The value '\(mismatch.value)' is not accepted by the pattern '\(mismatch.facet.pattern)'.",
                    line: mismatch.line))
        default:
            break
        }
        patterns.last = .other
        if patterns.mismatch != nil { patterns.mismatch = nil }
    }

    /// Called last in every element callback.
    @inline(__always)
    func closePatternWindow(_ event: PatternWindow.Event) {
        patterns.last = event
        patterns.mark = patterns.nonFacetErrors
    }

    /// Checks the pattern of a field whose end tag was just read; a mismatch waits for the
    /// next callback to learn whether libxml2 validated the value.
    func checkPattern(of tag: ElementTag, text: UnsafeBufferPointer<UInt8>) {
        guard patterns.skippingDepth == nil, let facets = patterns.facets,
            let facet = facets.facet(container: records.container.patternIndex, tag: tag),
            let value = PatternFacets.mismatch(facet, text)
        else { return }
        patterns.mismatch = PatternWindow.Mismatch(tag: tag, facet: facet, value: value, line: Int(fieldLine))
    }

    /// Ends libxml2's skip when the element it skipped the rest of ends.
    func endPatternSkip(atDepth depth: Int) {
        if patterns.skippingDepth == depth { patterns.skippingDepth = nil }
    }
}

extension Container {
    /// The index ``PatternFacets`` knows the container by.
    var patternIndex: Int {
        switch self {
        case .none, .root: 0
        case .header: 1
        case .setl: 2
        case .setlRevs: 3
        case .claim: 4
        case .fee: 5
        case .category: 6
        case .entry: 7
        }
    }
}
