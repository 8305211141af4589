import Testing

extension Tag {
    /// A test with a wall-clock bound: meaningful only without other tests competing for the
    /// machine, so `scripts/test` runs these alone, after the others.
    @Tag static var timing: Self
}
