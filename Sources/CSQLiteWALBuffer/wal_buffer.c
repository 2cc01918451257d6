// The WAL write-gathering VFS shim: see include/wal_buffer.h for what it does and guarantees.
#include "wal_buffer.h"

#include <pthread.h>
#include <sqlite3.h>
#include <string.h>

/// The most bytes gathered before they are written out anyway: the unix VFS writes at most
/// 128 KiB - 1 bytes per call (os_unix.c masks the size with 0x1ffff), so 31 frames of 4 KiB pages.
#define GATHER_CAPACITY (128 * 1024 - 4096)
/// A WAL frame header's size; bytes 4...7 of it are the database size after a commit, else zero.
#define FRAME_HEADER_SIZE 24

typedef struct {
    sqlite3_file base;
    /// The default VFS's file, allocated right after this struct.
    sqlite3_file *real;
    unsigned char *gathered;
    sqlite3_int64 start;
    int length;
    /// The last frame header added belongs to a commit: write out once its page is added.
    int commitFramePending;
} GatheringFile;

static sqlite3_vfs gatheringVFS;
/// Write-outs made by the calling thread: a connection does its writing on one thread at a time.
static _Thread_local long long flushes;
/// Whether the calling thread's WAL writes are gathered: between `isomorphiq_wal_buffer_begin`,
/// when it accepted, and `isomorphiq_wal_buffer_end`. Off everywhere else.
static _Thread_local int gatherOnThisThread;

static int writeOut(GatheringFile *file) {
    if (file->length == 0) return SQLITE_OK;
    int length = file->length;
    file->length = 0;
    flushes += 1;
    return file->real->pMethods->xWrite(file->real, file->gathered, length, file->start);
}

/// What is still gathered at close belongs to no commit (a commit is written out at its last
/// frame): frames a rolled-back transaction spilled. They are dropped, as SQLite would ignore them.
static int gatheringClose(sqlite3_file *base) {
    GatheringFile *file = (GatheringFile *)base;
    int closed = file->real->pMethods->xClose(file->real);
    sqlite3_free(file->gathered);
    file->gathered = NULL;
    file->length = 0;
    return closed;
}

static int gatheringWrite(sqlite3_file *base, const void *data, int amount, sqlite3_int64 offset) {
    GatheringFile *file = (GatheringFile *)base;
    if (!gatherOnThisThread) {
        // What an earlier gathering thread left (frames a rolled-back transaction spilled) goes first.
        int rc = writeOut(file);
        return rc != SQLITE_OK ? rc : file->real->pMethods->xWrite(file->real, data, amount, offset);
    }
    int contiguous = file->length > 0 && offset == file->start + file->length;
    if (file->length > 0 && (!contiguous || file->length + amount > GATHER_CAPACITY)) {
        int rc = writeOut(file);
        if (rc != SQLITE_OK) return rc;
    }
    if (amount > GATHER_CAPACITY) return file->real->pMethods->xWrite(file->real, data, amount, offset);
    if (file->gathered == NULL) {
        file->gathered = sqlite3_malloc(GATHER_CAPACITY);
        if (file->gathered == NULL) return file->real->pMethods->xWrite(file->real, data, amount, offset);
    }
    if (file->length == 0) file->start = offset;
    memcpy(file->gathered + file->length, data, (size_t)amount);
    file->length += amount;
    if (amount == FRAME_HEADER_SIZE) {
        const unsigned char *header = data;
        file->commitFramePending = (header[4] | header[5] | header[6] | header[7]) != 0;
        return SQLITE_OK;
    }
    // The commit frame's page: the commit is complete (a write-out for lack of room between its
    // header and its page must not make this one be forgotten).
    if (!file->commitFramePending) return SQLITE_OK;
    file->commitFramePending = 0;
    return writeOut(file);
}

/// File methods that first write out what is gathered, then call the default VFS's own.
#define AFTER_WRITE_OUT(name, signature, call) \
    static int gathering##name signature { \
        GatheringFile *file = (GatheringFile *)base; \
        int rc = writeOut(file); \
        return rc != SQLITE_OK ? rc : file->real->pMethods->x##name call; \
    }
AFTER_WRITE_OUT(Read, (sqlite3_file *base, void *buffer, int amount, sqlite3_int64 offset), (file->real, buffer, amount, offset))
AFTER_WRITE_OUT(Truncate, (sqlite3_file *base, sqlite3_int64 size), (file->real, size))
AFTER_WRITE_OUT(Sync, (sqlite3_file *base, int flags), (file->real, flags))
AFTER_WRITE_OUT(FileSize, (sqlite3_file *base, sqlite3_int64 *size), (file->real, size))
AFTER_WRITE_OUT(Lock, (sqlite3_file *base, int level), (file->real, level))
AFTER_WRITE_OUT(Unlock, (sqlite3_file *base, int level), (file->real, level))
AFTER_WRITE_OUT(CheckReservedLock, (sqlite3_file *base, int *result), (file->real, result))
AFTER_WRITE_OUT(FileControl, (sqlite3_file *base, int op, void *argument), (file->real, op, argument))

static int gatheringSectorSize(sqlite3_file *base) {
    GatheringFile *file = (GatheringFile *)base;
    return file->real->pMethods->xSectorSize(file->real);
}

static int gatheringDeviceCharacteristics(sqlite3_file *base) {
    GatheringFile *file = (GatheringFile *)base;
    return file->real->pMethods->xDeviceCharacteristics(file->real);
}

/// Version 1: a WAL file has no shared memory or memory map of its own.
static const sqlite3_io_methods gatheringMethods = {
    1,
    gatheringClose,
    gatheringRead,
    gatheringWrite,
    gatheringTruncate,
    gatheringSync,
    gatheringFileSize,
    gatheringLock,
    gatheringUnlock,
    gatheringCheckReservedLock,
    gatheringFileControl,
    gatheringSectorSize,
    gatheringDeviceCharacteristics,
    NULL, NULL, NULL, NULL, NULL, NULL,
};

static int gatheringOpen(sqlite3_vfs *vfs, const char *name, sqlite3_file *base, int flags, int *outFlags) {
    sqlite3_vfs *real = vfs->pAppData;
    // Everything but a WAL file is the default VFS's file, opened in place.
    if (!(flags & SQLITE_OPEN_WAL)) return real->xOpen(real, name, base, flags, outFlags);
    GatheringFile *file = (GatheringFile *)base;
    memset(file, 0, sizeof *file);
    file->real = (sqlite3_file *)&file[1];
    int rc = real->xOpen(real, name, file->real, flags, outFlags);
    if (rc != SQLITE_OK) {
        if (file->real->pMethods != NULL) file->real->pMethods->xClose(file->real);
        base->pMethods = NULL;
        return rc;
    }
    base->pMethods = &gatheringMethods;
    return SQLITE_OK;
}

#define FORWARD(name, signature, call) \
    static int gathering##name signature { sqlite3_vfs *real = vfs->pAppData; return real->x##name call; }
FORWARD(Delete, (sqlite3_vfs *vfs, const char *path, int syncDir), (real, path, syncDir))
FORWARD(Access, (sqlite3_vfs *vfs, const char *path, int flags, int *result), (real, path, flags, result))
FORWARD(FullPathname, (sqlite3_vfs *vfs, const char *path, int size, char *out), (real, path, size, out))
FORWARD(Randomness, (sqlite3_vfs *vfs, int size, char *out), (real, size, out))
FORWARD(Sleep, (sqlite3_vfs *vfs, int microseconds), (real, microseconds))
FORWARD(CurrentTime, (sqlite3_vfs *vfs, double *now), (real, now))
FORWARD(GetLastError, (sqlite3_vfs *vfs, int size, char *out), (real, size, out))
FORWARD(CurrentTimeInt64, (sqlite3_vfs *vfs, sqlite3_int64 *now), (real, now))

static void *gatheringDlOpen(sqlite3_vfs *vfs, const char *path) {
    sqlite3_vfs *real = vfs->pAppData;
    return real->xDlOpen(real, path);
}
static void gatheringDlError(sqlite3_vfs *vfs, int size, char *out) {
    sqlite3_vfs *real = vfs->pAppData;
    real->xDlError(real, size, out);
}
static void (*gatheringDlSym(sqlite3_vfs *vfs, void *handle, const char *symbol))(void) {
    sqlite3_vfs *real = vfs->pAppData;
    return real->xDlSym(real, handle, symbol);
}
static void gatheringDlClose(sqlite3_vfs *vfs, void *handle) {
    sqlite3_vfs *real = vfs->pAppData;
    real->xDlClose(real, handle);
}

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int registered = SQLITE_ERROR;

static void registerOnce(void) {
    sqlite3_vfs *real = sqlite3_vfs_find(NULL);
    if (real == NULL) return;
    gatheringVFS = (sqlite3_vfs){
        .iVersion = 2,
        .szOsFile = (int)sizeof(GatheringFile) + real->szOsFile,
        .mxPathname = real->mxPathname,
        .zName = "isomorphiq-wal-gathering",
        .pAppData = real,
        .xOpen = gatheringOpen,
        .xDelete = gatheringDelete,
        .xAccess = gatheringAccess,
        .xFullPathname = gatheringFullPathname,
        .xDlOpen = gatheringDlOpen,
        .xDlError = gatheringDlError,
        .xDlSym = gatheringDlSym,
        .xDlClose = gatheringDlClose,
        .xRandomness = gatheringRandomness,
        .xSleep = gatheringSleep,
        .xCurrentTime = gatheringCurrentTime,
        .xGetLastError = gatheringGetLastError,
        .xCurrentTimeInt64 = gatheringCurrentTimeInt64,
    };
    registered = sqlite3_vfs_register(&gatheringVFS, 1);
}

int isomorphiq_wal_buffer_begin(void *connection) {
    gatherOnThisThread = 0;
    if (connection == NULL) return 0;
    sqlite3_stmt *statement = NULL;
    int full = 0;
    if (sqlite3_prepare_v2(connection, "PRAGMA main.synchronous", -1, &statement, NULL) == SQLITE_OK
        && sqlite3_step(statement) == SQLITE_ROW) {
        // 2 is FULL, 3 EXTRA (FULL and more): both sync the WAL at every commit.
        full = sqlite3_column_int(statement, 0) >= 2;
    }
    sqlite3_finalize(statement);
    gatherOnThisThread = full;
    return full;
}

void isomorphiq_wal_buffer_end(void) {
    gatherOnThisThread = 0;
}

int isomorphiq_wal_buffer_register(void) {
    pthread_once(&once, registerOnce);
    return registered;
}

long long isomorphiq_wal_buffer_flushes_on_this_thread(void) {
    return flushes;
}
