package chart

// minMappedSize is the size from which a chart file is mapped into memory
// rather than read. Reading copies a file into fresh memory, which costs a
// page fault per 4 KiB page whether or not the file is used; a mapped file
// costs nothing until a page of it is touched. Charts carry megabytes that
// a render never reads: kube-prometheus-stack's crds/ hold 4.4 MB that
// `helm template` prints only with --include-crds, and .Files must hold
// every file's content before the first template runs. Small files are
// read: a mapping costs more system calls than it saves.
const minMappedSize = 64 << 10
