/* bcryptprimitives.dll with its one function, ProcessPrng, for wine before 9.0 (Debian 12 ships
 * wine 8), which lacks the DLL. Rust's standard library (1.78 and later) imports ProcessPrng
 * from it on Windows, so without it kiln.exe does not start under such a wine.
 *
 * scripts/dist/check.sh builds this with mingw-w64 into its own wine prefix only when that wine
 * has no bcryptprimitives.dll. It is never shipped: Windows 10 and later have the real DLL. */
#include <windows.h>
#include <ntsecapi.h> /* RtlGenRandom (advapi32's SystemFunction036): the system's CSPRNG */

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
    while (len > 0) {
        ULONG chunk = len > 0x40000000 ? 0x40000000 : (ULONG)len;
        if (!RtlGenRandom(data, chunk)) {
            return FALSE;
        }
        data += chunk;
        len -= chunk;
    }
    return TRUE;
}
