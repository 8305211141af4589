#ifndef YIDI_CZLIB_SHIM_H
#define YIDI_CZLIB_SHIM_H

#include <zlib.h>

/* zlib's init functions are macros that Swift cannot call. */

/* Inflate gzip members only (windowBits 15 + 16). */
static inline int yidi_inflate_init_gzip(z_stream *strm) {
    return inflateInit2(strm, 15 + 16);
}

/* Deflate into a gzip member at the given level. */
static inline int yidi_deflate_init_gzip(z_stream *strm, int level) {
    return deflateInit2(strm, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
}

#endif
