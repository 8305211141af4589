#define _GNU_SOURCE
#include <unistd.h>
#include "CYidiLibC.h"

int yidi_syncfs(int fd) { return syncfs(fd); }
