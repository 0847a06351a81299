/* test_repl_s3req.c - S3 URL and query construction, ListObjectsV2 and error parsing. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lg_err.h"
#include "repl_s3req.h"

TestSuite(repl_s3req);

static repl_s3_cfg_t cfg_local(void)
{
    repl_s3_cfg_t c;
    memset(&c, 0, sizeof c);
    snprintf(c.endpoint, sizeof c.endpoint, "http://127.0.0.1:9000");
    snprintf(c.region, sizeof c.region, "eu-west-1");
    snprintf(c.bucket, sizeof c.bucket, "walbkt");
    c.path_style = true;
    return c;
}

Test(repl_s3req, encodes_keys_keeping_slashes)
{
    char out[128];
    cr_assert_eq(repl_s3_uri_encode("odd/a b+c~d=\xc3\xa9", true, out, sizeof out), 0);
    cr_assert_str_eq(out, "odd/a%20b%2Bc~d%3D%C3%A9");
    cr_assert_eq(repl_s3_uri_encode("a/b", false, out, sizeof out), 0);
    cr_assert_str_eq(out, "a%2Fb");
    cr_assert_eq(repl_s3_uri_encode("abc", false, out, 3), LG_ETOOBIG);
}

Test(repl_s3req, query_is_sorted_encoded_and_keeps_empty_values)
{
    repl_s3_param_t p[] = {
        {"prefix", "many/"},
        {"max-keys", "3"},
        {"list-type", "2"},
        {"continuation-token", "a+b/c="},
    };
    char q[512];
    cr_assert_eq(repl_s3_query(p, 4, q, sizeof q), 0);
    cr_assert_str_eq(q, "continuation-token=a%2Bb%2Fc%3D&list-type=2&max-keys=3&prefix=many%2F");
    repl_s3_param_t u[] = {{"uploads", NULL}};
    cr_assert_eq(repl_s3_query(u, 1, q, sizeof q), 0);
    cr_assert_str_eq(q, "uploads=");
    cr_assert_eq(repl_s3_query(p, 0, q, sizeof q), 0);
    cr_assert_str_eq(q, "");
    cr_assert_eq(repl_s3_query(p, 4, q, 20), LG_ETOOBIG);
}

Test(repl_s3req, path_style_url)
{
    repl_s3_cfg_t c = cfg_local();
    char url[512];
    cr_assert_eq(repl_s3_url(&c, "p/generations/x y", "list-type=2", url, sizeof url), 0);
    cr_assert_str_eq(url, "http://127.0.0.1:9000/walbkt/p/generations/x%20y?list-type=2");
    cr_assert_eq(repl_s3_url(&c, NULL, NULL, url, sizeof url), 0);
    cr_assert_str_eq(url, "http://127.0.0.1:9000/walbkt");
}

Test(repl_s3req, virtual_host_url_and_aws_default_endpoint)
{
    repl_s3_cfg_t c = cfg_local();
    c.path_style = false;
    c.endpoint[0] = '\0';
    char url[512];
    cr_assert_eq(repl_s3_url(&c, "k", NULL, url, sizeof url), 0);
    cr_assert_str_eq(url, "https://walbkt.s3.eu-west-1.amazonaws.com/k");
    snprintf(c.endpoint, sizeof c.endpoint, "https://minio.example:9000");
    cr_assert_eq(repl_s3_url(&c, "k", "a=1", url, sizeof url), 0);
    cr_assert_str_eq(url, "https://walbkt.minio.example:9000/k?a=1");
    char sig[64];
    cr_assert_eq(repl_s3_sigv4_param(&c, sig, sizeof sig), 0);
    cr_assert_str_eq(sig, "aws:amz:eu-west-1:s3");
    snprintf(c.endpoint, sizeof c.endpoint, "nohost");
    cr_assert_eq(repl_s3_url(&c, "k", NULL, url, sizeof url), LG_EINVAL);
}

Test(repl_s3req, config_from_environment)
{
    repl_s3_cfg_t c;
    char err[200];
    setenv("AWS_ACCESS_KEY_ID", "AKIA", 1);
    setenv("AWS_SECRET_ACCESS_KEY", "sekrit", 1);
    setenv("AWS_REGION", "eu-central-1", 1);
    setenv("AWS_ENDPOINT_URL_S3", "http://127.0.0.1:9999/", 1);
    unsetenv("AWS_SESSION_TOKEN");
    cr_assert_eq(repl_s3_cfg_from_env(&c, "bkt", err, sizeof err), 0, "%s", err);
    cr_assert_str_eq(c.endpoint, "http://127.0.0.1:9999");
    cr_assert(c.path_style);
    cr_assert_str_eq(c.region, "eu-central-1");
    cr_assert_str_eq(c.bucket, "bkt");
    cr_assert_str_eq(c.session_token, "");
    unsetenv("AWS_SECRET_ACCESS_KEY");
    cr_assert_eq(repl_s3_cfg_from_env(&c, "bkt", err, sizeof err), LG_EINVAL);
    cr_assert(strstr(err, "AWS_SECRET_ACCESS_KEY") != NULL, "%s", err);
    setenv("AWS_SECRET_ACCESS_KEY", "sekrit", 1);
    unsetenv("AWS_ENDPOINT_URL_S3");
    unsetenv("AWS_ENDPOINT_URL");
    unsetenv("AWS_REGION");
    unsetenv("AWS_DEFAULT_REGION");
    cr_assert_eq(repl_s3_cfg_from_env(&c, "bkt", err, sizeof err), 0);
    cr_assert_not(c.path_style);
    cr_assert_str_eq(c.region, "us-east-1");
}

static const char list_page1[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
    "<Name>walbkt</Name><Prefix>p/</Prefix><KeyCount>2</KeyCount><MaxKeys>2</MaxKeys>"
    "<IsTruncated>true</IsTruncated>"
    "<Contents><Key>p/a&amp;b</Key><LastModified>2024-01-01T00:00:00.000Z</LastModified>"
    "<ETag>&quot;abc&quot;</ETag><Size>123</Size><StorageClass>STANDARD</StorageClass>"
    "</Contents>"
    "<Contents><Key>p/caf&#xE9;&#60;</Key><Size>0</Size></Contents>"
    "<NextContinuationToken>tok+/=</NextContinuationToken></ListBucketResult>";

static const char list_page2[] =
    "<ListBucketResult><IsTruncated>false</IsTruncated><KeyCount>1</KeyCount>"
    "<Contents><Key>p/z</Key><Size>18446744073709551615</Size></Contents></ListBucketResult>";

Test(repl_s3req, parses_list_pages)
{
    repl_s3_list_t l;
    memset(&l, 0, sizeof l);
    cr_assert_eq(repl_s3_list_parse(list_page1, strlen(list_page1), &l), 0);
    cr_assert_eq(l.n, 2);
    cr_assert_str_eq(l.items[0].key, "p/a&b");
    cr_assert_eq(l.items[0].size, 123);
    cr_assert_str_eq(l.items[1].key, "p/caf\xc3\xa9<");
    cr_assert(l.truncated);
    cr_assert_str_eq(l.next_token, "tok+/=");
    cr_assert_eq(repl_s3_list_parse(list_page2, strlen(list_page2), &l), 0);
    cr_assert_eq(l.n, 3);
    cr_assert_not(l.truncated);
    cr_assert_str_eq(l.next_token, "");
    cr_assert_eq(l.items[2].size, UINT64_MAX);
    repl_s3_list_free(&l);
}

Test(repl_s3req, rejects_bad_list_documents)
{
    repl_s3_list_t l;
    memset(&l, 0, sizeof l);
    const char *notlist = "<Error><Code>NoSuchBucket</Code></Error>";
    cr_assert_eq(repl_s3_list_parse(notlist, strlen(notlist), &l), LG_EPROTO);
    const char *notok = "<ListBucketResult><IsTruncated>true</IsTruncated></ListBucketResult>";
    cr_assert_eq(repl_s3_list_parse(notok, strlen(notok), &l), LG_EPROTO);
    /* cut in the middle of an element: bounded by the given length */
    cr_assert_eq(repl_s3_list_parse(list_page2, 60, &l), LG_EPROTO);
    const char *empty = "<ListBucketResult><KeyCount>0</KeyCount></ListBucketResult>";
    cr_assert_eq(repl_s3_list_parse(empty, strlen(empty), &l), 0);
    cr_assert_eq(l.n, 0);
    repl_s3_list_free(&l);
}

Test(repl_s3req, parses_error_documents)
{
    const char *x = "<?xml version=\"1.0\"?><Error><Code>SignatureDoesNotMatch</Code>"
                    "<Message>The request signature we calculated does not match</Message>"
                    "<RequestId>1</RequestId></Error>";
    char code[64], msg[256];
    cr_assert_eq(repl_s3_error_parse(x, strlen(x), code, sizeof code, msg, sizeof msg), 0);
    cr_assert_str_eq(code, "SignatureDoesNotMatch");
    cr_assert_str_eq(msg, "The request signature we calculated does not match");
    cr_assert_eq(repl_s3_error_parse("<html>", 6, code, sizeof code, msg, sizeof msg),
                 LG_ENOTFOUND);
    cr_assert_str_eq(code, "");
    cr_assert_eq(repl_s3_error_parse(NULL, 0, code, sizeof code, msg, sizeof msg), LG_ENOTFOUND);
    /* message longer than the buffer is truncated, not overflowed */
    char small[8];
    cr_assert_eq(repl_s3_error_parse(x, strlen(x), code, sizeof code, small, sizeof small), 0);
    cr_assert_str_eq(small, "The req");
}
