# PYDBG_SONAME(LIB, FALLBACK)
# Defines LIB_SONAME (upper case) to the soname of libLIB.so as the compiler
# would link it, read with objdump; FALLBACK when it cannot be read.
AC_DEFUN([PYDBG_SONAME], [
  AC_MSG_CHECKING([the run-time name of lib$1])
  pydbg_soname=
  pydbg_libfile=`$CC $CFLAGS $LDFLAGS -print-file-name=lib$1.so 2>/dev/null`
  if test "x$OBJDUMP" != xno && test -f "$pydbg_libfile"; then
    pydbg_soname=`$OBJDUMP -p "$pydbg_libfile" 2>/dev/null | sed -n 's/^ *SONAME *//p'`
  fi
  test -n "$pydbg_soname" || pydbg_soname="$2"
  AC_MSG_RESULT([$pydbg_soname])
  AC_DEFINE_UNQUOTED(m4_toupper([$1])[_SONAME], ["$pydbg_soname"], [run-time name of lib$1])
])
