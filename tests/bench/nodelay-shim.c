/*
 * LD_PRELOAD shim for `npm run bench:reader`: sets TCP_NODELAY on every TCP socket that the
 * process accepts. Loaded into pcscd, it reaches the socket vpcd's driver accepts from the virtual
 * card (vpcd writes a frame's length and payload separately, so without TCP_NODELAY the payload
 * waits for the card's delayed ACK). pcscd's own Unix-socket clients are left alone.
 *
 * If NODELAY_SHIM_LOG names a file, one line per accepted TCP socket is appended to it, saying
 * whether TCP_NODELAY is on afterwards, so the benchmark can show that the shim took effect.
 *
 * Build: cc -shared -fPIC -o nodelay.so nodelay-shim.c -ldl
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static void set_nodelay(int fd) {
  if (fd < 0) return;
  int saved_errno = errno;
  struct sockaddr_storage local;
  socklen_t length = sizeof local;
  if (getsockname(fd, (struct sockaddr *)&local, &length) == 0 &&
      (local.ss_family == AF_INET || local.ss_family == AF_INET6)) {
    int one = 1;
    int set = setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    const char *log_path = getenv("NODELAY_SHIM_LOG");
    if (log_path && *log_path) {
      int value = 0;
      socklen_t value_length = sizeof value;
      getsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &value, &value_length);
      char line[96];
      int n = snprintf(line, sizeof line, "fd=%d setsockopt=%d TCP_NODELAY=%d\n", fd, set, value);
      int log_fd = open(log_path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
      if (log_fd >= 0) {
        if (n > 0) (void)!write(log_fd, line, (size_t)n);
        close(log_fd);
      }
    }
  }
  errno = saved_errno;
}

typedef int (*accept_fn)(int, __SOCKADDR_ARG, socklen_t *__restrict);
typedef int (*accept4_fn)(int, __SOCKADDR_ARG, socklen_t *__restrict, int);

int accept(int fd, __SOCKADDR_ARG address, socklen_t *__restrict length) {
  static accept_fn real_accept;
  if (!real_accept) real_accept = (accept_fn)dlsym(RTLD_NEXT, "accept");
  if (!real_accept) {
    errno = ENOSYS;
    return -1;
  }
  int client = real_accept(fd, address, length);
  set_nodelay(client);
  return client;
}

int accept4(int fd, __SOCKADDR_ARG address, socklen_t *__restrict length, int flags) {
  static accept4_fn real_accept4;
  if (!real_accept4) real_accept4 = (accept4_fn)dlsym(RTLD_NEXT, "accept4");
  if (!real_accept4) {
    errno = ENOSYS;
    return -1;
  }
  int client = real_accept4(fd, address, length, flags);
  set_nodelay(client);
  return client;
}
