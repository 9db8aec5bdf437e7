// Profiling aid for bench/pages_bench.sh (SQL_TRACE=): preloaded into kith serve,
// logs each statement execution (first step after prepare/reset) as
// "milliseconds<TAB>rows<TAB>sql" to $SQLTRACE_FILE. Not linked into Kith.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <pthread.h>
#include <sqlite3.h>
static FILE* out;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static __thread sqlite3_stmt* cur; static __thread double t0; static __thread int rows;
static double now(void){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec*1e3+t.tv_nsec/1e6;}
static void flush_cur(void){ if(!cur) return; pthread_mutex_lock(&mu);
  if(!out){const char*f=getenv("SQLTRACE_FILE"); out=fopen(f?f:"/tmp/sqltrace.log","a");}
  fprintf(out,"%.3f\t%d\t%s\n",now()-t0,rows,sqlite3_sql(cur)); fflush(out); pthread_mutex_unlock(&mu); cur=0;}
int sqlite3_step(sqlite3_stmt* s){ static int(*real)(sqlite3_stmt*); if(!real) real=dlsym(RTLD_NEXT,"sqlite3_step");
  if(s!=cur){ flush_cur(); cur=s; t0=now(); rows=0; }
  int rc=real(s); if(rc==SQLITE_ROW) rows++; else flush_cur(); return rc; }
int sqlite3_reset(sqlite3_stmt* s){ static int(*real)(sqlite3_stmt*); if(!real) real=dlsym(RTLD_NEXT,"sqlite3_reset");
  if(s==cur) flush_cur(); return real(s);}
