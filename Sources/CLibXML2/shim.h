#ifndef YIDI_CLIBXML2_SHIM_H
#define YIDI_CLIBXML2_SHIM_H

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

#endif
