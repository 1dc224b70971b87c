/// The fixed 40-byte header in front of an HdrHistogram V2 counts payload.
///
/// Every field is big-endian, as in all HdrHistogram implementations:
///
///     i32 cookie · i32 payloadLength · i32 normalizingIndexOffset · i32 significantDigits
///     i64 lowestDiscernibleValue · i64 highestTrackableValue · f64 integerToDoubleValueConversionRatio
package struct HistogramV2Header: Equatable, Sendable {
    /// The header's size on the wire.
    package static let size = 40

    /// The uncompressed V2 cookie as writers emit it (base `0x1c849303` with `0x10` set).
    package static let encodingCookie: UInt32 = 0x1c84_9313
    /// The compressed V2 cookie as writers emit it (base `0x1c849304` with `0x10` set); its
    /// big-endian bytes are why every compressed histogram's base64 starts with "HISTF".
    package static let compressionCookie: UInt32 = 0x1c84_9314

    /// Readers ignore these bits: older writers stored the count word size there.
    package static let cookieWordSizeBits: UInt32 = 0xF0

    /// The bytes of count data that follow the header.
    package var payloadLength: Int
    /// Always 0 from our writer; a shifted array (Java's `shiftValuesLeft`) is not supported.
    package var normalizingIndexOffset: Int32
    package var significantDigits: Int32
    package var lowestDiscernibleValue: Int64
    package var highestTrackableValue: Int64
    /// Used by Java's `DoubleHistogram` for the integer histogram inside it; 1.0 for ours.
    package var integerToDoubleValueConversionRatio: Double

    package init(
        payloadLength: Int, significantDigits: Int32, lowestDiscernibleValue: Int64, highestTrackableValue: Int64
    ) {
        self.payloadLength = payloadLength
        self.normalizingIndexOffset = 0
        self.significantDigits = significantDigits
        self.lowestDiscernibleValue = lowestDiscernibleValue
        self.highestTrackableValue = highestTrackableValue
        self.integerToDoubleValueConversionRatio = 1.0
    }

    /// Whether `cookie` names the uncompressed V2 form, whatever its word-size bits.
    package static func isEncodingCookie(_ cookie: UInt32) -> Bool {
        cookie & ~cookieWordSizeBits == encodingCookie & ~cookieWordSizeBits
    }

    /// Whether `cookie` names the compressed V2 form, whatever its word-size bits.
    package static func isCompressionCookie(_ cookie: UInt32) -> Bool {
        cookie & ~cookieWordSizeBits == compressionCookie & ~cookieWordSizeBits
    }

    /// Appends the 40 header bytes, with our writer's cookie.
    package func append(to bytes: inout [UInt8]) {
        bytes.appendBigEndian(Self.encodingCookie)
        bytes.appendBigEndian(UInt32(truncatingIfNeeded: payloadLength))
        bytes.appendBigEndian(UInt32(bitPattern: normalizingIndexOffset))
        bytes.appendBigEndian(UInt32(bitPattern: significantDigits))
        bytes.appendBigEndian(UInt64(bitPattern: lowestDiscernibleValue))
        bytes.appendBigEndian(UInt64(bitPattern: highestTrackableValue))
        bytes.appendBigEndian(integerToDoubleValueConversionRatio.bitPattern)
    }

    /// Reads a header from the first ``size`` bytes of `bytes`.
    ///
    /// - Throws: ``HistogramCodecError/truncated(needed:available:)`` if fewer than ``size``
    ///   bytes are present, ``HistogramCodecError/badCookie(_:)`` if the cookie is not the
    ///   uncompressed V2 one, ``HistogramCodecError/payloadLengthMismatch(declared:actual:)``
    ///   for a negative payload length.
    package init(parsing bytes: UnsafeRawBufferPointer) throws(HistogramCodecError) {
        guard bytes.count >= Self.size else {
            throw .truncated(needed: Self.size, available: bytes.count)
        }
        let cookie: UInt32 = bytes.bigEndian(at: 0)
        guard Self.isEncodingCookie(cookie) else { throw .badCookie(cookie) }
        let payloadLength = Int32(bitPattern: bytes.bigEndian(at: 4))
        guard payloadLength >= 0 else {
            throw .payloadLengthMismatch(declared: Int(payloadLength), actual: bytes.count - Self.size)
        }
        self.payloadLength = Int(payloadLength)
        self.normalizingIndexOffset = Int32(bitPattern: bytes.bigEndian(at: 8))
        self.significantDigits = Int32(bitPattern: bytes.bigEndian(at: 12))
        self.lowestDiscernibleValue = Int64(bitPattern: bytes.bigEndian(at: 16))
        self.highestTrackableValue = Int64(bitPattern: bytes.bigEndian(at: 24))
        self.integerToDoubleValueConversionRatio = Double(bitPattern: bytes.bigEndian(at: 32))
    }
}

extension [UInt8] {
    /// Appends `value` most significant byte first.
    mutating func appendBigEndian<T: FixedWidthInteger>(_ value: T) {
        var bigEndian = value.bigEndian
        Swift.withUnsafeBytes(of: &bigEndian) { append(contentsOf: $0) }
    }
}

extension UnsafeRawBufferPointer {
    /// Reads a big-endian integer at `offset`; the caller has checked the bounds.
    func bigEndian<T: FixedWidthInteger>(at offset: Int) -> T {
        // `loadUnaligned`, because a header inside a larger buffer need not be aligned.
        T(bigEndian: loadUnaligned(fromByteOffset: offset, as: T.self))
    }
}
