; Kiln's Windows installer (NSIS 3). Built by scripts/dist/windows.sh, which passes:
; /DVERSION=x.y.z /DEXE=path/to/kiln.exe /DWINDOW_EXE=path/to/kiln-window.exe
; /DOUTFILE=path/to/Kiln-x.y.z-setup.exe
; kiln.exe is the console program (the command line); kiln-window.exe is the same program linked
; for the GUI subsystem, which the Start menu and the file types start, so that no console
; window opens beside Kiln's.
;   /DROOT=the repository (for LICENSE and the icon)  /DCOMPRESSOR=lzma|zlib
; Installs per machine into Program Files (the uninstall entry, file types and Start-menu
; shortcut are for every user), so the installer itself asks for administrator rights; Kiln
; then runs as the user (see kiln.exe.manifest for why).

; A 64-bit installer for a 64-bit program: it runs natively (and under wine64, for the test), and
; Windows itself refuses it on 32-bit systems, where kiln.exe could not run either.
Target amd64-unicode
SetCompressor /SOLID ${COMPRESSOR}

!include "MUI2.nsh"

!define PRODUCT "Kiln"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\Kiln"
; File types are registered as "Open with" choices (OpenWithProgids), never by taking over the
; default program for .iso or .cue: that stays the user's choice.
!define PROGID_ISO "Kiln.DiscImage"
!define PROGID_CUE "Kiln.CueSheet"
; .kiln is Kiln's own (project files), so Kiln is its default program.
!define PROGID_PROJECT "Kiln.Project"

Name "${PRODUCT}"
OutFile "${OUTFILE}"
InstallDir "$PROGRAMFILES64\${PRODUCT}"
InstallDirRegKey HKLM "${UNINSTALL_KEY}" "InstallLocation"
RequestExecutionLevel admin
ManifestDPIAware true
BrandingText "${PRODUCT} ${VERSION}"

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=1033 "ProductName" "${PRODUCT}"
VIAddVersionKey /LANG=1033 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=1033 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=1033 "FileDescription" "${PRODUCT} ${VERSION} setup"
VIAddVersionKey /LANG=1033 "CompanyName" "The Kiln developers"
VIAddVersionKey /LANG=1033 "LegalCopyright" "GPL-3.0-or-later"

!define MUI_ICON "${ROOT}/assets/windows/kiln.ico"
!define MUI_UNICON "${ROOT}/assets/windows/kiln.ico"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\kiln-window.exe"

!insertmacro MUI_PAGE_LICENSE "${ROOT}/LICENSE"
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
; The same two languages as Kiln itself; the installer follows Windows' display language.
!insertmacro MUI_LANGUAGE "English"
!insertmacro MUI_LANGUAGE "Italian"

LangString TYPE_ISO ${LANG_ENGLISH} "Disc image"
LangString TYPE_ISO ${LANG_ITALIAN} "Immagine disco"
LangString TYPE_CUE ${LANG_ENGLISH} "CUE sheet"
LangString TYPE_CUE ${LANG_ITALIAN} "File CUE"
LangString TYPE_PROJECT ${LANG_ENGLISH} "Kiln project"
LangString TYPE_PROJECT ${LANG_ITALIAN} "Progetto di Kiln"

Section "Kiln" SecMain
    SectionIn RO
    SetOutPath "$INSTDIR"
    File "/oname=kiln.exe" "${EXE}"
    File "/oname=kiln-window.exe" "${WINDOW_EXE}"
    File "/oname=LICENSE.txt" "${ROOT}/LICENSE"
    WriteUninstaller "$INSTDIR\uninstall.exe"

    ; Start menu, for every user.
    SetShellVarContext all
    CreateShortcut "$SMPROGRAMS\${PRODUCT}.lnk" "$INSTDIR\kiln-window.exe" "" "$INSTDIR\kiln-window.exe" 0

    ; "Apps & features" entry.
    WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayName" "${PRODUCT}"
    WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
    WriteRegStr HKLM "${UNINSTALL_KEY}" "Publisher" "The Kiln developers"
    WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\kiln.exe,0"
    WriteRegStr HKLM "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
    WriteRegStr HKLM "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
    WriteRegStr HKLM "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
    WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoModify" 1
    WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoRepair" 1

    ; File types: a ProgID each, offered under "Open with" for .iso and .cue.
    WriteRegStr HKLM "Software\Classes\${PROGID_ISO}" "" "Disc image"
    WriteRegStr HKLM "Software\Classes\${PROGID_ISO}\DefaultIcon" "" "$INSTDIR\kiln.exe,0"
    WriteRegStr HKLM "Software\Classes\${PROGID_ISO}\shell\open\command" "" '"$INSTDIR\kiln-window.exe" "%1"'
    WriteRegStr HKLM "Software\Classes\${PROGID_CUE}" "" "CUE sheet"
    WriteRegStr HKLM "Software\Classes\${PROGID_CUE}\DefaultIcon" "" "$INSTDIR\kiln.exe,0"
    WriteRegStr HKLM "Software\Classes\${PROGID_CUE}\shell\open\command" "" '"$INSTDIR\kiln-window.exe" "%1"'
    WriteRegStr HKLM "Software\Classes\.iso\OpenWithProgids" "${PROGID_ISO}" ""
    WriteRegStr HKLM "Software\Classes\.cue\OpenWithProgids" "${PROGID_CUE}" ""
    WriteRegStr HKLM "Software\Classes\${PROGID_PROJECT}" "" "Kiln project"
    WriteRegStr HKLM "Software\Classes\${PROGID_PROJECT}\DefaultIcon" "" "$INSTDIR\kiln.exe,0"
    WriteRegStr HKLM "Software\Classes\${PROGID_PROJECT}\shell\open\command" "" '"$INSTDIR\kiln-window.exe" "%1"'
    WriteRegStr HKLM "Software\Classes\.kiln" "" "${PROGID_PROJECT}"
    WriteRegStr HKLM "Software\Classes\.kiln\OpenWithProgids" "${PROGID_PROJECT}" ""
    WriteRegStr HKLM "Software\Classes\Applications\kiln-window.exe" "FriendlyAppName" "${PRODUCT}"
    WriteRegStr HKLM "Software\Classes\Applications\kiln-window.exe\SupportedTypes" ".iso" ""
    WriteRegStr HKLM "Software\Classes\Applications\kiln-window.exe\SupportedTypes" ".cue" ""
    WriteRegStr HKLM "Software\Classes\Applications\kiln-window.exe\SupportedTypes" ".kiln" ""
    ; SHCNE_ASSOCCHANGED: Explorer rereads the associations now, not at the next logon.
    System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
SectionEnd

Section "Uninstall"
    SetShellVarContext all
    Delete "$SMPROGRAMS\${PRODUCT}.lnk"
    Delete "$INSTDIR\kiln.exe"
    Delete "$INSTDIR\kiln-window.exe"
    Delete "$INSTDIR\LICENSE.txt"
    Delete "$INSTDIR\uninstall.exe"
    RMDir "$INSTDIR"

    DeleteRegValue HKLM "Software\Classes\.iso\OpenWithProgids" "${PROGID_ISO}"
    DeleteRegValue HKLM "Software\Classes\.cue\OpenWithProgids" "${PROGID_CUE}"
    DeleteRegKey HKLM "Software\Classes\${PROGID_ISO}"
    DeleteRegKey HKLM "Software\Classes\${PROGID_CUE}"
    DeleteRegKey HKLM "Software\Classes\${PROGID_PROJECT}"
    ; .kiln is Kiln's own extension: nothing else is kept under it.
    DeleteRegKey HKLM "Software\Classes\.kiln"
    DeleteRegKey HKLM "Software\Classes\Applications\kiln-window.exe"
    DeleteRegKey HKLM "${UNINSTALL_KEY}"
    System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
SectionEnd
