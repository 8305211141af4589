#ifndef YIDI_CISAL_SHIM_H
#define YIDI_CISAL_SHIM_H

/* Intel ISA-L's igzip: DEFLATE at over a gigabyte a second, for the province files. */
#include <isa-l/igzip_lib.h>
#include <isa-l/crc.h>

/* The level-1 work buffer size (a macro of arithmetic Swift cannot import). */
static inline unsigned int yidi_isal_level1_buffer_size(void) {
    return ISAL_DEF_LVL1_MEDIUM;
}

#endif
