#include "web/server.hpp"

#include <dlfcn.h>
#include <unistd.h>

#include <climits>

#include "newsdb/error.hpp"
#include "web/http_module.hpp"

namespace newsdb::web {

namespace {

// Next to the executable (a build folder), else where `cmake --install` and
// the Debian package put it relative to the executable (NEWSDB_MODULE_DIR:
// e.g. ../lib/x86_64-linux-gnu/newsdb from bin/; cmake/Install.cmake).
std::filesystem::path module_next_to_executable() {
    char self[PATH_MAX];
    const ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n <= 0) return kHttpModuleName;
    const auto dir = std::filesystem::path(std::string(self, static_cast<std::size_t>(n))).parent_path();
#ifdef NEWSDB_MODULE_DIR
    std::error_code ec;
    if (!std::filesystem::exists(dir / kHttpModuleName, ec)) return dir / NEWSDB_MODULE_DIR / kHttpModuleName;
#endif
    return dir / kHttpModuleName;
}

} // namespace

struct Server::Impl {
    ServerOptions options;
    Handler handler;
    void* module = nullptr;
    std::unique_ptr<HttpServer> http;

    explicit Impl(ServerOptions o) : options(std::move(o)), handler(options.handler) {}
    ~Impl() {
        http.reset();  // its code lives in the module
        if (module != nullptr) dlclose(module);
    }
};

Server::Server(ServerOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {
    const auto path = impl_->options.module.empty() ? module_next_to_executable() : impl_->options.module;
    impl_->module = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (impl_->module == nullptr) {
        const char* why = dlerror();
        throw Error(Errc::io, "cannot load the web server module " + path.string() + ": " + (why ? why : "?"),
                    std::string("it is built with newsdb (") + kHttpModuleName + ") and must stay next to it");
    }
    const auto create = reinterpret_cast<CreateHttpServer>(dlsym(impl_->module, kCreateHttpServerSymbol));
    if (create == nullptr)
        throw Error(Errc::internal, path.string() + " is not newsdb's web server module",
                    "rebuild newsdb; the module and the binary come from one build");
    HttpConfig config;
    config.bind = impl_->options.bind;
    config.port = impl_->options.port;
    config.threads = impl_->options.threads;
    Handler* handler = &impl_->handler;
    config.handle = [handler](const Request& request) { return handler->handle(request); };
    std::string error;
    impl_->http.reset(create(config, error));
    if (!impl_->http)
        throw Error(Errc::io, error.empty() ? "cannot start the web server" : error,
                    "is another program using the port? choose another with --port, or check --bind");
}

Server::~Server() { stop(); }

int Server::port() const { return impl_->http->port(); }

bool Server::running() const { return impl_->http->running(); }

void Server::run() { impl_->http->run(); }

void Server::stop() {
    if (impl_->http) impl_->http->stop();
}

} // namespace newsdb::web
