#pragma once

#include <string>
#include <string_view>

namespace newsdb::util {

// SHA-256 of `bytes` as 64 lowercase hex digits.
std::string sha256_hex(std::string_view bytes);

// SHA-256 of bytes given in pieces: hex() of all the add()ed pieces equals
// sha256_hex() of their concatenation.
class Sha256 {
public:
    Sha256();
    Sha256(const Sha256&) = delete;
    Sha256& operator=(const Sha256&) = delete;
    ~Sha256();
    void add(std::string_view bytes);
    std::string hex();  // once, after the last add()

private:
    void* ctx_;  // EVP_MD_CTX
};

} // namespace newsdb::util
