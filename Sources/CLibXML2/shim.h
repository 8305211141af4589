#ifndef YIDI_CLIBXML2_SHIM_H
#define YIDI_CLIBXML2_SHIM_H

#include <zlib.h>
#include <libxml/xmlversion.h>
/* Debian's libxml2 is built with ICU; its <unicode/ucnv.h> clashes with the ICU
   that Foundation carries. yidi never touches the ICU fields of an encoding
   handler (only whether a parser has one), so the declarations are left out. */
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlerror.h>
#include <libxml/dict.h>

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
