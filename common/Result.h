#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <utility>

namespace classroom {

// A value or a message saying, in words an operator understands, why there is
// none. Used at every boundary where something can go wrong (files, keys,
// sockets, databases); the caller logs it once where it handles it.
template <typename T>
class [[nodiscard]] Result {
public:
    static Result success(T value) { return Result(std::move(value), {}); }
    static Result failure(std::string message) { return Result(std::nullopt, std::move(message)); }

    bool ok() const { return m_value.has_value(); }
    explicit operator bool() const { return ok(); }

    const T& value() const& { assert(ok()); return *m_value; }
    T& value() & { assert(ok()); return *m_value; }
    T&& value() && { assert(ok()); return std::move(*m_value); }
    const std::string& error() const { return m_error; }

private:
    Result(std::optional<T> value, std::string error) : m_value(std::move(value)), m_error(std::move(error)) {}
    std::optional<T> m_value;
    std::string m_error;
};

template <>
class [[nodiscard]] Result<void> {
public:
    static Result success() { return Result(true, {}); }
    static Result failure(std::string message) { return Result(false, std::move(message)); }

    bool ok() const { return m_ok; }
    explicit operator bool() const { return m_ok; }
    const std::string& error() const { return m_error; }

private:
    Result(bool ok, std::string error) : m_ok(ok), m_error(std::move(error)) {}
    bool m_ok;
    std::string m_error;
};

}  // namespace classroom
