/* cache.c: the compiled-database cache. A hit must give the same results
   as a compile; anything odd about the cache (corrupt, truncated, empty,
   writable by others, a link, not a folder) must fall back to compiling. */
#include "unit_util.h"

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include "engine.h"

static const char RULES[] = "[ssn]\ncategory = SSN\npattern = (?<![\\w-])\\d{3}-\\d{2}-\\d{4}(?![\\w-])\n"
                            "validator = ssn\n"
                            "[mail]\ncategory = EMAIL\npattern = [a-z]+@[a-z]+\\.com\n"
                            "[key]\ncategory = MRN\npattern = mrn=(?<phi>\\w+)\ncontext = mrn\n";
static const char INPUT[] = "a 123-45-6789 b@c.com mrn=Q1\nnone\n";
static const char OUTPUT[] = "a [SSN] [EMAIL] mrn=[MRN]\nnone\n";

static char *make_tmpdir(void) { return make_tmpdir_named("cache"); }

/* The cache files in dir (names ending in .hsdb); returns how many, and the
   path of the first in *first (malloc'd) when asked. */
static size_t cache_files(const char *dir, char **first)
{
    if (first)
        *first = NULL;
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t l = strlen(e->d_name);
        if (l > 5 && strcmp(e->d_name + l - 5, ".hsdb") == 0) {
            if (first && !*first)
                *first = path_join(dir, e->d_name);
            n++;
        }
    }
    closedir(d);
    return n;
}

/* Build a db from RULES (or `text`) with the cache in `dir`, check that it
   redacts correctly and whether it was a hit. */
static void build_and_check(const char *text, const char *dir, uint32_t cats, int want_hit,
                            int want_status, const char *file, int line)
{
    phs_options o;
    phs_options_init(&o);
    o.categories = cats;
    /* a copy that is gone after the create: the db must not keep it */
    char *dcopy = dir ? strdup(dir) : NULL;
    o.cache_dir = dcopy;
    phs_db *db = db_from_text(text, &o);
    if (dcopy)
        memset(dcopy, 'X', strlen(dcopy));
    free(dcopy);
    assert_null(db->opts.cache_dir);
    if (phs_db_cache_hit(db) != want_hit) {
        print_error("cache hit %d, want %d\n", phs_db_cache_hit(db), want_hit);
        _fail(file, line);
    }
    const char *note = NULL;
    unsigned st = phs_db_cache_status(db, &note);
    assert_non_null(note);
    if (want_status >= 0 && st != (unsigned)want_status) {
        print_error("cache status %u (%s), want %d\n", st, note, want_status);
        _fail(file, line);
    }
    /* a note exactly when there is something to say */
    if ((st != 0) != (note[0] != '\0')) {
        print_error("cache status %u with note '%s'\n", st, note);
        _fail(file, line);
    }
    if (cats == PHS_ALL_CATEGORIES && text == RULES)
        EXPECT_REDACT(db, INPUT, OUTPUT);
    phs_db_free(db);
}

#define BUILD(text, dir, cats, hit) \
    build_and_check((text), (dir), (cats), (hit), -1, __FILE__, __LINE__)
/* ... and what phs_db_cache_status says */
#define BUILD_ST(text, dir, hit, status) \
    build_and_check((text), (dir), PHS_ALL_CATEGORIES, (hit), (int)(status), __FILE__, __LINE__)
#define REPLACED PHS_CACHE_REPLACED
#define UNUSABLE PHS_CACHE_UNUSABLE

static void test_no_cache_dir(void **state)
{
    (void)state;
    BUILD(RULES, NULL, PHS_ALL_CATEGORIES, 0);
    BUILD(RULES, NULL, PHS_ALL_CATEGORIES, 0);
    assert_int_equal(phs_db_cache_hit(NULL), 0);
}

static void test_store_then_hit(void **state)
{
    (void)state;
    char *top = make_tmpdir();
    char *dir = path_join(top, "cache"); /* created by the library */
    BUILD(RULES, dir, PHS_ALL_CATEGORIES, 0);
    struct stat st;
    assert_int_equal(stat(dir, &st), 0);
    assert_true(S_ISDIR(st.st_mode));
    assert_int_equal(st.st_mode & 0777, 0700);
    char *f = NULL;
    assert_int_equal(cache_files(dir, &f), 1);
    assert_int_equal(stat(f, &st), 0);
    assert_int_equal(st.st_mode & 022, 0);
    free(f);

    BUILD(RULES, dir, PHS_ALL_CATEGORIES, 1);
    BUILD(RULES, dir, PHS_ALL_CATEGORIES, 1);
    assert_int_equal(cache_files(dir, NULL), 1);

    /* other rules, or other options that change the active set: other keys */
    static const char other[] = "[x]\ncategory = ZIP\npattern = zip=(?<phi>\\d{5})\n";
    BUILD(other, dir, PHS_ALL_CATEGORIES, 0);
    BUILD(other, dir, PHS_ALL_CATEGORIES, 1);
    assert_int_equal(cache_files(dir, NULL), 2);
    BUILD(RULES, dir, PHS_ALL_CATEGORIES & ~(1u << PHS_CAT_EMAIL), 0);
    BUILD(RULES, dir, PHS_ALL_CATEGORIES & ~(1u << PHS_CAT_EMAIL), 1);
    assert_int_equal(cache_files(dir, NULL), 3);
    /* and the first is still a hit */
    BUILD(RULES, dir, PHS_ALL_CATEGORIES, 1);

    /* nothing for Hyperscan: nothing cached */
    BUILD(RULES, dir, 0, 0);
    static const char shaped[] = "[s]\ncategory = SSN\npattern = \\d{3}-\\d{2}-\\d{4}\nshape = 3-2-4\n";
    BUILD(shaped, dir, PHS_ALL_CATEGORIES, 0);
    assert_int_equal(cache_files(dir, NULL), 3);

    /* a compile error stores nothing */
    phs_rules *r = NULL;
    phs_error e;
    static const char bad[] = "[b]\ncategory = SSN\npattern = b\nprefilter = (b\n";
    assert_int_equal(phs_rules_load_buffer(bad, strlen(bad), "<c>", &r, &e), PHS_OK);
    phs_options o;
    phs_options_init(&o);
    o.cache_dir = dir;
    phs_db *db = NULL;
    assert_int_equal(phs_db_create(r, &o, &db, &e), PHS_E_COMPILE);
    assert_string_equal(e.rule_id, "b");
    phs_rules_free(r);
    assert_int_equal(cache_files(dir, NULL), 3);

    free(dir);
    remove_tree(top);
    free(top);
}

static void write_bytes(const char *path, const void *p, size_t n)
{
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(p, 1, n, fp), n);
    assert_int_equal(fclose(fp), 0);
}

static void test_bad_files_fall_back(void **state)
{
    (void)state;
    char *top = make_tmpdir();
    char *dir = path_join(top, "c");
    BUILD(RULES, dir, PHS_ALL_CATEGORIES, 0);
    char *f = NULL;
    assert_int_equal(cache_files(dir, &f), 1);
    struct stat st;
    assert_int_equal(stat(f, &st), 0);
    size_t size = (size_t)st.st_size;
    char *good = malloc(size);
    assert_non_null(good);
    FILE *fp = fopen(f, "rb");
    assert_non_null(fp);
    assert_int_equal(fread(good, 1, size, fp), size);
    fclose(fp);

    /* garbage: a miss, and the compile replaces it */
    char junk[512];
    memset(junk, 0x5a, sizeof junk);
    write_bytes(f, junk, sizeof junk);
    chmod(f, 0600);
    BUILD_ST(RULES, dir, 0, REPLACED);
    BUILD_ST(RULES, dir, 1, 0);

    /* truncated */
    write_bytes(f, good, size / 2);
    BUILD_ST(RULES, dir, 0, REPLACED);
    BUILD_ST(RULES, dir, 1, 0);

    /* empty */
    write_bytes(f, "", 0);
    BUILD_ST(RULES, dir, 0, REPLACED);
    BUILD_ST(RULES, dir, 1, 0);

    /* one byte changed anywhere: the header, the image, the last byte */
    size_t at[] = {0, 8, 16, 40, 56, 4096, 4096 + 100, size / 2, size - 1};
    for (size_t i = 0; i < sizeof at / sizeof at[0]; i++) {
        good[at[i]] ^= 0x01;
        write_bytes(f, good, size);
        good[at[i]] ^= 0x01;
        BUILD_ST(RULES, dir, 0, REPLACED);
        BUILD_ST(RULES, dir, 1, 0);
    }

    /* another rule set's valid file renamed to this one's name */
    static const char OTHER[] = "[only]\ncategory = SSN\npattern = \\d{3}-\\d{2}-\\d{4}\n";
    char *odir = path_join(top, "other");
    BUILD(OTHER, odir, PHS_ALL_CATEGORIES, 0);
    char *of = NULL;
    assert_int_equal(cache_files(odir, &of), 1);
    assert_int_equal(rename(of, f), 0);
    BUILD_ST(RULES, dir, 0, REPLACED); /* and the output is RULES' (checked) */
    BUILD_ST(RULES, dir, 1, 0);
    free(of);
    free(odir);

    /* a good file that others may write is not trusted */
    write_bytes(f, good, size);
    assert_int_equal(chmod(f, 0620), 0);
    BUILD(RULES, dir, PHS_ALL_CATEGORIES, 0);
    assert_int_equal(stat(f, &st), 0);
    assert_int_equal(st.st_mode & 022, 0); /* replaced by a private one */
    BUILD(RULES, dir, PHS_ALL_CATEGORIES, 1);
    assert_int_equal(chmod(f, 0602), 0);
    BUILD(RULES, dir, PHS_ALL_CATEGORIES, 0);

    /* a link is not followed */
    char *real = path_join(top, "real.hsdb");
    write_bytes(real, good, size);
    assert_int_equal(chmod(real, 0600), 0);
    unlink(f);
    assert_int_equal(symlink(real, f), 0);
    BUILD(RULES, dir, PHS_ALL_CATEGORIES, 0);
    assert_int_equal(lstat(f, &st), 0);
    assert_true(S_ISREG(st.st_mode)); /* replaced by a file */
    BUILD(RULES, dir, PHS_ALL_CATEGORIES, 1);

    /* a folder others may write: neither read nor written */
    assert_int_equal(chmod(dir, 0777), 0);
    BUILD_ST(RULES, dir, 0, UNUSABLE);
    assert_int_equal(chmod(dir, 0700), 0);
    BUILD_ST(RULES, dir, 1, 0);
    assert_int_equal(cache_files(dir, NULL), 1);

    free(real);
    free(good);
    free(f);
    free(dir);
    remove_tree(top);
    free(top);
}

static void test_unusable_dirs(void **state)
{
    (void)state;
    char *top = make_tmpdir();
    /* a file where the folder should be */
    char *file = path_join(top, "file");
    write_bytes(file, "x", 1);
    BUILD_ST(RULES, file, 0, UNUSABLE);
    BUILD_ST(RULES, file, 0, UNUSABLE);
    /* a parent that does not exist */
    char *deep = path_join(top, "no/such/dir");
    BUILD_ST(RULES, deep, 0, UNUSABLE);
    struct stat st;
    assert_int_equal(stat(deep, &st), -1);
    /* a name too long for a path */
    size_t n = 5000;
    char *lng = malloc(n + 1);
    assert_non_null(lng);
    memset(lng, 'a', n);
    lng[n] = '\0';
    BUILD(RULES, lng, PHS_ALL_CATEGORIES, 0);
    free(lng);
    /* the empty string */
    BUILD(RULES, "", PHS_ALL_CATEGORIES, 0);
    free(deep);
    free(file);
    remove_tree(top);
    free(top);
}

static void test_hash(void **state)
{
    (void)state;
    /* FNV-1a 64: the published test vectors */
    uint64_t h = 0xcbf29ce484222325ull;
    phs_cache_hash(&h, "", 0);
    assert_int_equal(h, 0xcbf29ce484222325ull);
    h = 0xcbf29ce484222325ull;
    phs_cache_hash(&h, "a", 1);
    assert_int_equal(h, 0xaf63dc4c8601ec8cull);
    h = 0xcbf29ce484222325ull;
    phs_cache_hash(&h, "foobar", 6);
    assert_int_equal(h, 0x85944171f73967e8ull);
    /* incremental == at once */
    uint64_t a = 0xcbf29ce484222325ull, b = a;
    phs_cache_hash(&a, "foo", 3);
    phs_cache_hash(&a, "bar", 3);
    phs_cache_hash(&b, "foobar", 6);
    assert_int_equal(a, b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_no_cache_dir),
        cmocka_unit_test(test_store_then_hit),
        cmocka_unit_test(test_bad_files_fall_back),
        cmocka_unit_test(test_unusable_dirs),
        cmocka_unit_test(test_hash),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
