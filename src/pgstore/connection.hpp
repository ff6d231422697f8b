// One connection to a PostgreSQL server, over libpq; libpq's types stay in
// connection.cpp. Every value is bound (PQexecParams, text format), never
// spliced into SQL; failures are newsdb::Error, with a message that names the
// database, host and user but never a password.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace newsdb::pgstore {

using Params = std::vector<std::optional<std::string>>;

// A statement's rows, as text (NULL: nullopt).
class Rows {
public:
    std::size_t size() const { return columns_ == 0 ? 0 : cells_.size() / columns_; }
    bool empty() const { return size() == 0; }
    const std::optional<std::string>& at(std::size_t row, std::size_t column) const {
        return cells_[row * columns_ + column];
    }
    std::string text(std::size_t row, std::size_t column) const { return at(row, column).value_or(""); }
    int64_t integer(std::size_t row, std::size_t column) const;
    double real(std::size_t row, std::size_t column) const;

private:
    friend class Connection;
    std::size_t columns_ = 0;
    std::vector<std::optional<std::string>> cells_;
};

class Connection {
public:
    // Connects with libpq's rules: `conninfo` ("postgresql://host/db" or
    // "service=name", "" for the PG* environment), then PGPASSFILE
    // (~/.pgpass), the service file, PGPASSWORD. Throws Error: invalid_argument
    // when `conninfo` holds a password itself (it would sit in shell
    // histories and process lists) or does not parse; io when the server
    // cannot be reached or refuses us.
    static std::unique_ptr<Connection> open(const std::string& conninfo);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    // One statement; its values bound as $1, $2 ... Throws Error: busy for a
    // deadlock or serialization failure (the transaction may be retried),
    // io for a lost connection, invalid_query for a text-search input the
    // server rejects, internal otherwise.
    Rows exec(std::string_view sql, const Params& params = {});
    // Several statements without values (migrations).
    void exec_script(std::string_view sql);
    // "database D on H as U", for messages.
    std::string where() const;

private:
    struct Impl;
    explicit Connection(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

// A transaction as a scope: commit() ends it, the destructor rolls back one
// not committed (never throwing).
class Transaction {
public:
    explicit Transaction(Connection& db);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit();

private:
    Connection& db_;
    bool open_ = true;
};

} // namespace newsdb::pgstore
