package chart

// minMappedSize is the size from which a chart file is mapped into memory
// rather than read. Reading copies a file into fresh memory, which costs a
// page fault per 4 KiB page whether or not the file is used; a mapped file
// costs nothing until a page of it is touched. Charts carry megabytes that
// a render never reads: kube-prometheus-stack's crds/ hold 4.4 MB that
// `helm template` prints only with --include-crds, and .Files must hold
// every file's content before the first template runs. Small files are
// read: a mapping costs more system calls than it saves. Measured over the
// corpus (one lint process per chart), mapping from 8 KiB touches about
// 1,000 fresh pages fewer than from 64 KiB, for the same CPU where page
// faults are cheap; below 8 KiB the mapping's system calls cost more than
// the pages they save.
const minMappedSize = 8 << 10
