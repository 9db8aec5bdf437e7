// Includes cpp-httplib the way Debian's libcpp-httplib.so was built.
//
// Debian ships cpp-httplib 0.11 as a compiled library, not header-only, and
// its classes (Request, ClientImpl) change layout with these macros: every
// file that includes httplib.h must define the same ones as the library
// (see cpp-httplib.pc), or requests are read at the wrong offsets.
#pragma once

#ifndef CPPHTTPLIB_OPENSSL_SUPPORT
#define CPPHTTPLIB_OPENSSL_SUPPORT
#endif
#ifndef CPPHTTPLIB_ZLIB_SUPPORT
#define CPPHTTPLIB_ZLIB_SUPPORT
#endif
#ifndef CPPHTTPLIB_BROTLI_SUPPORT
#define CPPHTTPLIB_BROTLI_SUPPORT
#endif

#include <httplib.h>
