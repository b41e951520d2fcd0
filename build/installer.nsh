; "Open with Reelvault" on Windows, never the default player: for each extension the library
; indexes (main/library/naming.mjs; scripts/packaging.test.ts keeps the lists equal), the
; extension lists Reelvault among the programs that open it (OpenWithProgids) and Reelvault
; lists the extension as one it supports. Written under SHCTX: with perMachine false that is the
; user's own hive, so no administrator is needed. The default (the extension's own value) is
; never written.

!macro ReelvaultOpenWith EXT
  WriteRegStr SHCTX "Software\Classes\${EXT}\OpenWithProgids" "Reelvault.Video" ""
  WriteRegStr SHCTX "Software\Classes\Applications\Reelvault.exe\SupportedTypes" "${EXT}" ""
!macroend

!macro ReelvaultNoLongerOpens EXT
  DeleteRegValue SHCTX "Software\Classes\${EXT}\OpenWithProgids" "Reelvault.Video"
!macroend

!macro customInstall
  WriteRegStr SHCTX "Software\Classes\Reelvault.Video" "" "Video (Reelvault)"
  WriteRegStr SHCTX "Software\Classes\Reelvault.Video\DefaultIcon" "" "$INSTDIR\Reelvault.exe,0"
  WriteRegStr SHCTX "Software\Classes\Reelvault.Video\shell\open\command" "" '"$INSTDIR\Reelvault.exe" "%1"'
  WriteRegStr SHCTX "Software\Classes\Applications\Reelvault.exe" "FriendlyAppName" "Reelvault"
  WriteRegStr SHCTX "Software\Classes\Applications\Reelvault.exe\shell\open\command" "" '"$INSTDIR\Reelvault.exe" "%1"'
  !insertmacro ReelvaultOpenWith ".3gp"
  !insertmacro ReelvaultOpenWith ".asf"
  !insertmacro ReelvaultOpenWith ".avi"
  !insertmacro ReelvaultOpenWith ".flv"
  !insertmacro ReelvaultOpenWith ".m2ts"
  !insertmacro ReelvaultOpenWith ".m4v"
  !insertmacro ReelvaultOpenWith ".mkv"
  !insertmacro ReelvaultOpenWith ".mov"
  !insertmacro ReelvaultOpenWith ".mp4"
  !insertmacro ReelvaultOpenWith ".mpeg"
  !insertmacro ReelvaultOpenWith ".mpg"
  !insertmacro ReelvaultOpenWith ".mts"
  !insertmacro ReelvaultOpenWith ".ogv"
  !insertmacro ReelvaultOpenWith ".ts"
  !insertmacro ReelvaultOpenWith ".vob"
  !insertmacro ReelvaultOpenWith ".webm"
  !insertmacro ReelvaultOpenWith ".wmv"
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
!macroend

!macro customUnInstall
  !insertmacro ReelvaultNoLongerOpens ".3gp"
  !insertmacro ReelvaultNoLongerOpens ".asf"
  !insertmacro ReelvaultNoLongerOpens ".avi"
  !insertmacro ReelvaultNoLongerOpens ".flv"
  !insertmacro ReelvaultNoLongerOpens ".m2ts"
  !insertmacro ReelvaultNoLongerOpens ".m4v"
  !insertmacro ReelvaultNoLongerOpens ".mkv"
  !insertmacro ReelvaultNoLongerOpens ".mov"
  !insertmacro ReelvaultNoLongerOpens ".mp4"
  !insertmacro ReelvaultNoLongerOpens ".mpeg"
  !insertmacro ReelvaultNoLongerOpens ".mpg"
  !insertmacro ReelvaultNoLongerOpens ".mts"
  !insertmacro ReelvaultNoLongerOpens ".ogv"
  !insertmacro ReelvaultNoLongerOpens ".ts"
  !insertmacro ReelvaultNoLongerOpens ".vob"
  !insertmacro ReelvaultNoLongerOpens ".webm"
  !insertmacro ReelvaultNoLongerOpens ".wmv"
  DeleteRegKey SHCTX "Software\Classes\Applications\Reelvault.exe"
  DeleteRegKey SHCTX "Software\Classes\Reelvault.Video"
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
!macroend
