#ifndef YIDI_CYIDILIBC_H
#define YIDI_CYIDILIBC_H

/// syncfs(2): commits the buffered writes of the whole file system `fd` is on. Glibc
/// declares it only under _GNU_SOURCE, which the Swift module of Glibc does not set.
int yidi_syncfs(int fd);

#endif
