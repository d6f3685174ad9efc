#ifndef PAYLINKS_CLINUX_H
#define PAYLINKS_CLINUX_H
// Linux syscalls for NetCore: epoll, eventfd, timerfd, accept4. Implemented in shim.c, which defines
// _GNU_SOURCE (defining it in a module header clashes with the Glibc module).
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/timerfd.h>
#include <sys/socket.h>

int paylinks_accept4(int fd, struct sockaddr *addr, socklen_t *len, int flags);
#endif
