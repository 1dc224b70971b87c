#ifndef GAUNTLET_CZLIB_SHIM_H
#define GAUNTLET_CZLIB_SHIM_H
#include <zlib.h>
#endif
