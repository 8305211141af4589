/// The ids of one drop (B001) with what a reversal later in the same drop needs, kept compact
/// because a drop may hold millions: the ids' bytes in one arena and an open-addressing table
/// of indexes, about 80 bytes per id (a dictionary of strings costs several times that).
struct DropIDTable {
    private struct Item {
        var offset: UInt32
        var length: UInt32
        var hash: UInt32
        var entry: DropAssessor.DropEntry
    }

    private var arena: [UInt8] = []
    private var items: [Item] = []
    /// Index into `items`, or -1; the count is a power of two, at most half full.
    private var slots = [Int32](repeating: -1, count: 1024)

    var count: Int { items.count }

    /// What the drop holds under `id`; setting nil is ignored (ids are never removed).
    subscript(id: String) -> DropAssessor.DropEntry? {
        get {
            var copy = id
            return copy.withUTF8 { bytes in find(bytes).item.map { items[$0].entry } }
        }
        set {
            guard let newValue else { return }
            var copy = id
            copy.withUTF8 { bytes in
                let (slot, item, hash) = find(bytes)
                if let item {
                    items[item].entry = newValue
                    return
                }
                slots[slot] = Int32(items.count)
                items.append(Item(offset: UInt32(arena.count), length: UInt32(bytes.count), hash: hash, entry: newValue))
                arena.append(contentsOf: bytes)
                if items.count * 2 > slots.count { grow() }
            }
        }
    }

    /// The slot `bytes` occupies or would occupy, the item there if any, and the hash.
    private func find(_ bytes: UnsafeBufferPointer<UInt8>) -> (slot: Int, item: Int?, hash: UInt32) {
        let hash = Self.hash(bytes)
        let mask = slots.count - 1
        var slot = Int(hash) & mask
        while true {
            let index = slots[slot]
            if index < 0 { return (slot, nil, hash) }
            let item = items[Int(index)]
            if item.hash == hash, Int(item.length) == bytes.count, equal(item, bytes) { return (slot, Int(index), hash) }
            slot = (slot + 1) & mask
        }
    }

    private func equal(_ item: Item, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        arena.withUnsafeBufferPointer { a in
            for i in 0..<bytes.count where a[Int(item.offset) + i] != bytes[i] { return false }
            return true
        }
    }

    private mutating func grow() {
        slots = [Int32](repeating: -1, count: slots.count * 2)
        let mask = slots.count - 1
        for (index, item) in items.enumerated() {
            var slot = Int(item.hash) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(index)
        }
    }

    /// FNV-1a, folded to 32 bits.
    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt32 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return UInt32(truncatingIfNeeded: h ^ (h >> 32))
    }
}
