#define _GNU_SOURCE
#include <unistd.h>
#include "CSystem.h"

int yidi_syncfs(int fd) { return syncfs(fd); }
