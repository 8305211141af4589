#ifndef YIDI_CCRYPTO_SHIM_H
#define YIDI_CCRYPTO_SHIM_H

/* The platform's libcrypto (OpenSSL): SHA-256 with the CPU's SHA instructions where it has them. */
#include <openssl/evp.h>

#endif
