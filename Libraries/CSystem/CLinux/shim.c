#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <sys/socket.h>
#include <unistd.h>
#include "CLinux.h"

int paylinks_accept4(int fd, struct sockaddr *addr, socklen_t *len, int flags) {
    return accept4(fd, addr, len, flags);
}

int paylinks_pthread_setname(const char *name) {
    return pthread_setname_np(pthread_self(), name);
}

int paylinks_cpu_count(void) {
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof(set), &set) == 0) {
        int count = CPU_COUNT(&set);
        if (count > 0) return count;
    }
    long online = sysconf(_SC_NPROCESSORS_ONLN);
    return online > 0 ? (int)online : 1;
}

// Signal relay: a handler that writes the signal number to a pipe, read by one Swift thread. Installing it is
// synchronous (sigaction), so a signal can never fall between "ignored" and "observed".
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>

static int relay_pipe[2] = {-1, -1};
static pthread_once_t relay_once = PTHREAD_ONCE_INIT;

static void relay_create(void) {
    if (pipe2(relay_pipe, O_CLOEXEC) != 0) {
        relay_pipe[0] = -1;
        relay_pipe[1] = -1;
        return;
    }
    // The write end never blocks a handler: a full pipe drops the byte (a signal is already pending then).
    fcntl(relay_pipe[1], F_SETFL, O_NONBLOCK);
}

static void relay_handler(int signo) {
    int saved = errno;
    unsigned char byte = (unsigned char)signo;
    ssize_t ignored = write(relay_pipe[1], &byte, 1);
    (void)ignored;
    errno = saved;
}

int paylinks_signal_relay_fd(void) {
    pthread_once(&relay_once, relay_create);
    return relay_pipe[0];
}

int paylinks_signal_relay_install(int signo) {
    if (paylinks_signal_relay_fd() < 0) return -1;
    struct sigaction action;
    memset(&action, 0, sizeof(action));
    action.sa_handler = relay_handler;
    action.sa_flags = SA_RESTART;
    sigemptyset(&action.sa_mask);
    return sigaction(signo, &action, NULL);
}

int paylinks_signal_relay_is_installed(int signo) {
    struct sigaction current;
    if (sigaction(signo, NULL, &current) != 0) return 0;
    return current.sa_handler == relay_handler;
}
