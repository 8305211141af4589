/// The check character of a resident identity number (GB 11643, ISO 7064 MOD 11-2).
enum CertificateNumber {
    private static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    private static let checks: [Character] = ["1", "0", "X", "9", "8", "7", "6", "5", "4", "3", "2"]

    /// The check character the first 17 digits call for, or `nil` if `number` is not 18 characters
    /// starting with 17 digits.
    static func expectedCheckCharacter(_ number: String) -> Character? {
        let chars = Array(number.utf8)
        guard chars.count == 18 else { return nil }
        var sum = 0
        for i in 0..<17 {
            let digit = Int(chars[i]) - 48
            guard (0...9).contains(digit) else { return nil }
            sum += digit * weights[i]
        }
        return checks[sum % 11]
    }

    /// Whether the 18th character is the right check character.
    static func isValid(_ number: String) -> Bool {
        guard let expected = expectedCheckCharacter(number), let last = number.last else { return false }
        return last == expected
    }
}
