#pragma once

#include <QString>

#include <utility>
#include <variant>

// Errors travel as values. Result<T> holds either a value or an error of type
// E; callers must look before they take the value. std::expected would do,
// but Debian 12's g++ 12 only offers it in C++23 mode, which Qt 6.4 does not
// support.
template<typename T, typename E = QString> class [[nodiscard]] Result
{
public:
    Result(T value)
        : m_data(std::in_place_index<0>, std::move(value))
    {}
    static Result failure(E error) { return Result(std::in_place_index<1>, std::move(error)); }

    bool ok() const { return m_data.index() == 0; }
    explicit operator bool() const { return ok(); }
    const T &value() const & { return std::get<0>(m_data); }
    // By value: `for (auto &x : f().value())` must not dangle once the
    // temporary Result is gone.
    T value() && { return std::get<0>(std::move(m_data)); }
    const E &error() const { return std::get<1>(m_data); }

private:
    template<std::size_t I, typename V>
    Result(std::in_place_index_t<I> tag, V &&v)
        : m_data(tag, std::forward<V>(v))
    {}
    std::variant<T, E> m_data;
};

struct Ok
{
};

// For operations that produce nothing but may fail. Not "Status": Xlib's
// headers #define Status, and a Qt program on X11 may include them.
using VoidResult = Result<Ok>;
