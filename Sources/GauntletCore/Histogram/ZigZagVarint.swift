/// The variable-length integer that HdrHistogram's V2 encoding uses for its counts.
///
/// A signed value is first ZigZag-mapped (`0, -1, 1, -2, … → 0, 1, 2, 3, …`) so that the
/// small negative numbers the format uses for runs of zeros stay as short as small
/// counts. The result is written least significant group first: bytes one to eight carry
/// seven bits each with `0x80` meaning "more follows", and a ninth byte, when needed,
/// carries the last eight bits whole. That ninth byte is what keeps every 64-bit value
/// within ``maximumLength`` bytes, and it is where this differs from plain LEB128: a
/// decoder that treats the ninth byte as another seven-bit group misreads the top bit.
package enum ZigZagVarint {
    /// The longest encoding of any 64-bit value: eight 7-bit groups and one 8-bit group.
    package static let maximumLength = 9

    /// Maps a signed value to an unsigned one, interleaving negatives with positives.
    package static func zigZag(_ value: Int64) -> UInt64 {
        UInt64(bitPattern: (value << 1) ^ (value >> 63))
    }

    /// The inverse of ``zigZag(_:)``.
    package static func unZigZag(_ value: UInt64) -> Int64 {
        Int64(bitPattern: (value >> 1) ^ (0 &- (value & 1)))
    }

    /// Appends the encoding of `value` to `bytes`.
    ///
    /// - Parameters:
    ///   - value: The signed value to encode.
    ///   - bytes: The buffer to append one to ``maximumLength`` bytes to.
    package static func append(_ value: Int64, to bytes: inout [UInt8]) {
        var remaining = zigZag(value)
        for _ in 0..<(maximumLength - 1) {
            if remaining < 0x80 {
                bytes.append(UInt8(remaining))
                return
            }
            bytes.append(UInt8(truncatingIfNeeded: remaining) | 0x80)
            remaining >>= 7
        }
        // Eight groups of seven bits leave exactly eight: the ninth byte carries them whole.
        bytes.append(UInt8(truncatingIfNeeded: remaining))
    }

    /// The encoding of `value` on its own.
    package static func encode(_ value: Int64) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(maximumLength)
        append(value, to: &bytes)
        return bytes
    }

    /// Reads one value starting at `offset` and moves `offset` past it.
    ///
    /// - Parameters:
    ///   - bytes: The buffer to read from.
    ///   - offset: Where the value starts; on success, where the next one starts.
    /// - Returns: The value, or `nil` when `bytes` ends before the value does (then
    ///   `offset` is left where it was, so the caller can say where the value began).
    package static func read(from bytes: UnsafeRawBufferPointer, at offset: inout Int) -> Int64? {
        var position = offset
        var result: UInt64 = 0
        for group in 0..<maximumLength {
            guard position < bytes.count else { return nil }
            let byte = bytes[position]
            position += 1
            if group == maximumLength - 1 {
                result |= UInt64(byte) << 56
                break
            }
            result |= UInt64(byte & 0x7F) << (7 * group)
            if byte & 0x80 == 0 { break }
        }
        offset = position
        return unZigZag(result)
    }

    /// Decodes a buffer that holds exactly one value.
    ///
    /// - Returns: The value, or `nil` if `bytes` is cut short or has bytes left over.
    package static func decode(_ bytes: [UInt8]) -> Int64? {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            guard let value = read(from: buffer, at: &offset), offset == buffer.count else { return nil }
            return value
        }
    }
}
