/* fuzz_pyc.c — libFuzzer target: hostile bytes through everything that reads
 * a .pyc without running it.
 *
 * The first input byte picks the mode: even = a full .pyc (version from the
 * magic), odd = a bare marshalled object for one of the supported versions
 * (byte >> 1 indexes the version list).  A file that loads is then
 * disassembled, inspected and its line tables dumped, so the fuzzer reaches
 * the decoder, the dis formatter, the repr code and the table decoders.
 * Nothing may crash, read out of bounds or leak; errors are fine.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>

#include "pydbg/dis.h"
#include "pydbg/info.h"
#include "pydbg/linetable.h"

static const PyVer versions[] = {
    PYV(2, 7), PYV(3, 6), PYV(3, 7), PYV(3, 8), PYV(3, 9), PYV(3, 10),
    PYV(3, 11), PYV(3, 12), PYV(3, 13), PYV(3, 14),
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    PyVer force = 0;
    if (data[0] & 1)
        force = versions[(data[0] >> 1) % (sizeof versions / sizeof versions[0])];
    Diag d;
    diag_clear(&d);
    PycFile *f = pyc_load_bytes(data + 1, size - 1, "fuzz.pyc", force, &d);
    if (!f)
        return 0;
    SBuf out = SBUF_INIT;
    if (f->code) {
        DisOptions opt = DIS_OPTIONS_DEFAULT;
        diag_clear(&d);
        dis_code(&out, f->code, &opt, &d);
        opt.show_caches = 1;
        opt.show_offsets = 1;
        diag_clear(&d);
        dis_code(&out, f->code, &opt, &d);
    }
    diag_clear(&d);
    info_file(&out, f, &d);
    diag_clear(&d);
    linedump_file(&out, f, &d);
    sbuf_free(&out);
    pyc_free(f);
    return 0;
}
