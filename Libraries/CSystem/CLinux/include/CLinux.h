#ifndef PAYLINKS_CLINUX_H
#define PAYLINKS_CLINUX_H
// Linux syscalls for NetCore: epoll, eventfd, timerfd, accept4, thread names and a few constants that
// Swift imports awkwardly (enum-typed or macro flags). Implemented in shim.c, which defines _GNU_SOURCE
// (defining it in a module header clashes with the Glibc module).
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/timerfd.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <pthread.h>
#include <stdint.h>

int paylinks_accept4(int fd, struct sockaddr *addr, socklen_t *len, int flags);
int paylinks_pthread_setname(const char *name);
int paylinks_cpu_count(void);

// Signal relay (see shim.c): the read end of a pipe that receives one byte per caught signal, installing the
// relaying handler for a signal, and whether it is installed.
int paylinks_signal_relay_fd(void);
int paylinks_signal_relay_install(int signo);
int paylinks_signal_relay_is_installed(int signo);

// Flags and constants as plain ints/unsigneds (several are enum members or compound macros in glibc).
static inline int paylinks_sock_nonblock(void) { return SOCK_NONBLOCK; }
static inline int paylinks_sock_cloexec(void) { return SOCK_CLOEXEC; }
static inline int paylinks_sock_stream(void) { return SOCK_STREAM; }
static inline int paylinks_efd_nonblock(void) { return EFD_NONBLOCK; }
static inline int paylinks_efd_cloexec(void) { return EFD_CLOEXEC; }
static inline int paylinks_tfd_nonblock(void) { return TFD_NONBLOCK; }
static inline int paylinks_tfd_cloexec(void) { return TFD_CLOEXEC; }
static inline int paylinks_tfd_timer_abstime(void) { return TFD_TIMER_ABSTIME; }
static inline int paylinks_epoll_cloexec(void) { return EPOLL_CLOEXEC; }
static inline uint32_t paylinks_epollin(void) { return EPOLLIN; }
static inline uint32_t paylinks_epollout(void) { return EPOLLOUT; }
static inline uint32_t paylinks_epollerr(void) { return EPOLLERR; }
static inline uint32_t paylinks_epollhup(void) { return EPOLLHUP; }
static inline uint32_t paylinks_epollrdhup(void) { return EPOLLRDHUP; }
static inline uint32_t paylinks_epollet(void) { return EPOLLET; }
static inline int paylinks_msg_nosignal(void) { return MSG_NOSIGNAL; }
static inline int paylinks_ipproto_tcp(void) { return IPPROTO_TCP; }
static inline int paylinks_tcp_nodelay(void) { return TCP_NODELAY; }
static inline int paylinks_so_reuseport(void) { return SO_REUSEPORT; }
static inline int paylinks_shut_wr(void) { return SHUT_WR; }
static inline int paylinks_shut_rdwr(void) { return SHUT_RDWR; }

// epoll_event is packed on x86_64; these keep Swift from depending on its layout.
static inline int paylinks_epoll_ctl(int epfd, int op, int fd, uint32_t events, uint64_t token) {
    struct epoll_event event;
    event.events = events;
    event.data.u64 = token;
    return epoll_ctl(epfd, op, fd, &event);
}
static inline size_t paylinks_epoll_event_size(void) { return sizeof(struct epoll_event); }
static inline uint32_t paylinks_epoll_event_events(const struct epoll_event *events, int index) {
    return events[index].events;
}
static inline uint64_t paylinks_epoll_event_token(const struct epoll_event *events, int index) {
    return events[index].data.u64;
}
#endif
