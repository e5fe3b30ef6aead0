"""A query worker kept to itself: no network, and a bound on its memory.

`kg serve` refuses SERVICE by reading the query (`kg.sparql.text.uses_service`), but a reading
of text can be fooled, and Oxigraph sends a federated query's request to any host it names. So
each worker process, before it opens the store, calls `confine`:

- a seccomp filter makes every `socket()` call (and `io_uring_setup`, which can open sockets
  too) fail with EAFNOSUPPORT, so the process cannot connect anywhere or resolve a name,
  whatever query it runs; the filter holds for all its threads and cannot be lifted;
- `RLIMIT_DATA` bounds its heap: a query that needs more (an `ORDER BY` over a cartesian
  product) fails to allocate and the process ends, instead of taking the machine's memory.
  `RLIMIT_DATA` rather than `RLIMIT_AS`: it counts the memory the process writes to, not the
  address space that thread stacks and allocator arenas reserve without using.

Linux on x86-64 and ARM64 has both; elsewhere `confine` says what it could not do, and the
server logs it.

>>> NETWORK_ERRNO == errno.EAFNOSUPPORT
True
"""
from __future__ import annotations

import ctypes
import errno
import platform
import resource
import struct
import sys

__all__ = ["NETWORK_ERRNO", "confine", "deny_network", "limit_memory"]

NETWORK_ERRNO = errno.EAFNOSUPPORT
"""What a confined process gets from `socket()`: an error no file operation gives."""

# audit architecture, and the numbers of socket, io_uring_setup and seccomp
_SYSCALLS = {"x86_64": (0xC000003E, 41, 425, 317), "aarch64": (0xC00000B7, 198, 425, 277)}
_X32 = 0x40000000  # x86-64's x32 calls: refused whole, nothing here uses them
_LD_W_ABS, _JEQ_K, _JGE_K, _RET_K = 0x20, 0x15, 0x35, 0x06
_ALLOW, _ERRNO, _KILL = 0x7FFF0000, 0x00050000, 0x80000000
_PR_SET_NO_NEW_PRIVS, _SECCOMP_SET_MODE_FILTER, _SECCOMP_FILTER_FLAG_TSYNC = 38, 1, 1


class _Filter(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]


def _program(arch: int, nr_socket: int, nr_uring: int) -> bytes:
    """The BPF program: another architecture's call is killed, socket and io_uring_setup fail."""
    def op(code: int, jt: int, jf: int, k: int) -> bytes:
        return struct.pack("HBBI", code, jt, jf, k)

    deny = _ERRNO | NETWORK_ERRNO
    return b"".join([
        op(_LD_W_ABS, 0, 0, 4),             # seccomp_data.arch
        op(_JEQ_K, 1, 0, arch),
        op(_RET_K, 0, 0, _KILL),
        op(_LD_W_ABS, 0, 0, 0),             # seccomp_data.nr
        op(_JGE_K, 3, 0, _X32),
        op(_JEQ_K, 2, 0, nr_socket),
        op(_JEQ_K, 1, 0, nr_uring),
        op(_RET_K, 0, 0, _ALLOW),
        op(_RET_K, 0, 0, deny),
    ])


def deny_network() -> None:
    """Make every later `socket()` of this process, in every thread, fail. Raises OSError where
    the kernel or the architecture does not allow it."""
    machine = platform.machine()
    if not sys.platform.startswith("linux") or machine not in _SYSCALLS:
        raise OSError(errno.ENOSYS, f"no seccomp filter for {sys.platform} on {machine}")
    arch, nr_socket, nr_uring, nr_seccomp = _SYSCALLS[machine]
    code = ctypes.create_string_buffer(_program(arch, nr_socket, nr_uring))
    prog = _Filter(len(code.raw) // 8, ctypes.addressof(code))
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]
    if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_NO_NEW_PRIVS) failed")
    libc.syscall.restype = ctypes.c_long
    if libc.syscall(ctypes.c_long(nr_seccomp), ctypes.c_long(_SECCOMP_SET_MODE_FILTER),
                    ctypes.c_long(_SECCOMP_FILTER_FLAG_TSYNC), ctypes.byref(prog)) != 0:
        raise OSError(ctypes.get_errno(), "seccomp(SECCOMP_SET_MODE_FILTER) failed")


def limit_memory(megabytes: int) -> None:
    """Bound this process's heap to `megabytes` (RLIMIT_DATA); 0 leaves it unbounded."""
    if megabytes > 0:
        limit = megabytes << 20
        resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))


def confine(max_memory: int) -> list[str]:
    """Deny this process the network and bound its heap to `max_memory` MB (0: unbounded);
    returns what could not be done, one line each (nothing on Linux x86-64 or ARM64)."""
    missing = []
    try:
        deny_network()
    except OSError as e:
        missing.append(f"query workers can reach the network: {e.strerror or e}")
    try:
        limit_memory(max_memory)
    except (OSError, ValueError) as e:
        missing.append(f"query workers' memory is not bounded: {e}")
    return missing
