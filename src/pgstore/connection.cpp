#include "pgstore/connection.hpp"

#include <libpq-fe.h>

#include <charconv>
#include <cstdlib>

#include "newsdb/error.hpp"

namespace newsdb::pgstore {

namespace {

std::string trimmed(const char* message) {
    std::string s = message ? message : "";
    while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
    return s;
}

// Whether the connection string names a password (postgresql://u:pw@h,
// password=...); nullopt-like false when it does not parse (open reports it).
bool has_password(const std::string& conninfo, std::string& parse_error) {
    char* error = nullptr;
    PQconninfoOption* options = PQconninfoParse(conninfo.c_str(), &error);
    if (error != nullptr) {
        parse_error = trimmed(error);
        PQfreemem(error);
    }
    if (options == nullptr) return false;
    bool found = false;
    for (PQconninfoOption* o = options; o->keyword != nullptr; ++o)
        if (std::string_view(o->keyword) == "password" && o->val != nullptr && *o->val != '\0') found = true;
    PQconninfoFree(options);
    return found;
}

Errc errc_of_sqlstate(std::string_view state) {
    if (state == "40P01" || state == "40001" || state == "55P03") return Errc::busy;
    if (state.starts_with("08") || state == "57P01" || state.starts_with("53")) return Errc::io;
    return Errc::internal;
}

} // namespace

int64_t Rows::integer(std::size_t row, std::size_t column) const {
    const auto& cell = at(row, column);
    int64_t value = 0;
    if (cell) std::from_chars(cell->data(), cell->data() + cell->size(), value);
    return value;
}

double Rows::real(std::size_t row, std::size_t column) const {
    const auto& cell = at(row, column);
    return cell ? std::strtod(cell->c_str(), nullptr) : 0.0;
}

struct Connection::Impl {
    PGconn* conn = nullptr;
    ~Impl() { PQfinish(conn); }

    [[noreturn]] void fail(PGresult* r, std::string_view what) {
        const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
        const char* primary = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
        std::string sqlstate = state ? state : "";
        std::string message = primary ? trimmed(primary) : trimmed(PQerrorMessage(conn));
        PQclear(r);
        if (PQstatus(conn) == CONNECTION_BAD) sqlstate = "08006";
        const Errc code = errc_of_sqlstate(sqlstate);
        std::string hint;
        if (code == Errc::busy) hint = "another publisher held the same rows; run it again";
        if (code == Errc::io) hint = "check that the server is running and reachable";
        throw Error(code, std::string(what) + " on the PostgreSQL server failed: " + message +
                              (sqlstate.empty() ? "" : " (SQLSTATE " + sqlstate + ")"),
                    hint);
    }
};

Connection::Connection(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Connection::~Connection() = default;

std::unique_ptr<Connection> Connection::open(const std::string& conninfo) {
    std::string parse_error;
    if (has_password(conninfo, parse_error))
        throw Error(Errc::invalid_argument, "the server's connection string holds a password",
                    "put the password in ~/.pgpass (or the file PGPASSFILE names), a service file "
                    "(service=NAME) or PGPASSWORD, and leave it out of the connection string");
    if (!parse_error.empty())
        throw Error(Errc::invalid_argument, "the server's connection string is not valid: " + parse_error,
                    "write postgresql://HOST/DATABASE, service=NAME or key=value pairs");
    auto impl = std::make_unique<Impl>();
    impl->conn = PQconnectdb(conninfo.c_str());
    if (impl->conn == nullptr) throw Error(Errc::internal, "out of memory connecting to the PostgreSQL server");
    if (PQstatus(impl->conn) != CONNECTION_OK)
        throw Error(Errc::io, "cannot connect to the PostgreSQL server: " + trimmed(PQerrorMessage(impl->conn)),
                    "check the connection string, that the server runs, and the password in ~/.pgpass");
    // Messages in English and no notices, whatever the server's settings.
    PGresult* r = PQexec(impl->conn, "SET lc_messages TO 'C'; SET client_min_messages TO warning");
    if (PQresultStatus(r) != PGRES_COMMAND_OK) impl->fail(r, "setting up the session");
    PQclear(r);
    return std::unique_ptr<Connection>(new Connection(std::move(impl)));
}

Rows Connection::exec(std::string_view sql, const Params& params) {
    std::vector<const char*> values;
    values.reserve(params.size());
    for (const auto& p : params) values.push_back(p ? p->c_str() : nullptr);
    const std::string text(sql);
    PGresult* r = PQexecParams(impl_->conn, text.c_str(), static_cast<int>(values.size()), nullptr,
                               values.empty() ? nullptr : values.data(), nullptr, nullptr, 0);
    const ExecStatusType type = PQresultStatus(r);
    if (type != PGRES_TUPLES_OK && type != PGRES_COMMAND_OK) impl_->fail(r, "a statement");
    Rows rows;
    if (type == PGRES_TUPLES_OK) {
        const int n = PQntuples(r), c = PQnfields(r);
        rows.columns_ = static_cast<std::size_t>(c);
        rows.cells_.reserve(static_cast<std::size_t>(n) * rows.columns_);
        for (int i = 0; i < n; ++i)
            for (int j = 0; j < c; ++j)
                rows.cells_.push_back(PQgetisnull(r, i, j)
                                          ? std::nullopt
                                          : std::optional<std::string>(std::in_place, PQgetvalue(r, i, j),
                                                                       static_cast<std::size_t>(PQgetlength(r, i, j))));
    }
    PQclear(r);
    return rows;
}

void Connection::exec_script(std::string_view sql) {
    const std::string text(sql);
    PGresult* r = PQexec(impl_->conn, text.c_str());
    if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK)
        impl_->fail(r, "a migration");
    PQclear(r);
}

std::string Connection::where() const {
    auto s = [](const char* v) { return std::string(v && *v ? v : "?"); };
    return "database " + s(PQdb(impl_->conn)) + " on " + s(PQhost(impl_->conn)) + " as " + s(PQuser(impl_->conn));
}

Transaction::Transaction(Connection& db) : db_(db) { db_.exec("BEGIN"); }

Transaction::~Transaction() {
    if (!open_) return;
    try {
        db_.exec("ROLLBACK");
    } catch (...) {
        // A lost connection rolls back by itself.
    }
}

void Transaction::commit() {
    db_.exec("COMMIT");
    open_ = false;
}

} // namespace newsdb::pgstore
