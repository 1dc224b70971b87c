import CCurl

/// Typed setters over the shim's wrappers, so a failed option is never ignored silently.
extension UnsafeMutableRawPointer {
    func setCurlOption(_ option: CURLoption, _ value: Int) throws(LoadEngineError) {
        try check(gauntlet_easy_setopt_long(self, option, value), option)
    }

    func setCurlOption(_ option: CURLoption, _ value: String) throws(LoadEngineError) {
        try check(gauntlet_easy_setopt_string(self, option, value), option)
    }

    func setCurlOption(_ option: CURLoption, pointer: UnsafeMutableRawPointer?) throws(LoadEngineError) {
        try check(gauntlet_easy_setopt_pointer(self, option, pointer), option)
    }

    func setCurlOption(_ option: CURLoption, list: UnsafeMutablePointer<curl_slist>?) throws(LoadEngineError) {
        try check(gauntlet_easy_setopt_slist(self, option, list), option)
    }

    func setCurlOption(_ option: CURLoption, size: Int64) throws(LoadEngineError) {
        try check(gauntlet_easy_setopt_offt(self, option, curl_off_t(size)), option)
    }

    func curlInfo(_ info: CURLINFO) -> Int {
        var value = 0
        _ = gauntlet_easy_getinfo_long(self, info, &value)
        return value
    }

    func curlInfoString(_ info: CURLINFO) -> String? {
        var value: UnsafePointer<CChar>?
        guard gauntlet_easy_getinfo_string(self, info, &value) == CURLE_OK, let value else { return nil }
        return String(cString: value)
    }

    private func check(_ code: CURLcode, _ option: CURLoption) throws(LoadEngineError) {
        guard code == CURLE_OK else {
            throw .curl("setting option \(option.rawValue) failed: \(String(cString: curl_easy_strerror(code)))")
        }
    }
}
