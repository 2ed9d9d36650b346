package org.thatdam.storage.objects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.thatdam.model.DamException;
import org.thatdam.model.ErrorCode;

class StorageUrlTest {

    @Test
    void emptyIsTheLocalDisk() {
        assertThat(StorageUrl.parse("").isLocal()).isTrue();
        assertThat(StorageUrl.parse("  ").isLocal()).isTrue();
        assertThat(StorageUrl.parse(null)).isEqualTo(StorageUrl.local());
    }

    @Test
    void bucketAndPrefixAreSplit() {
        StorageUrl u = StorageUrl.parse("s3://media-bucket/team/dam/");
        assertThat(u.bucket()).isEqualTo("media-bucket");
        assertThat(u.prefix()).isEqualTo("team/dam");
        assertThat(u.objectKey("a/b.jpg")).isEqualTo("team/dam/a/b.jpg");
        assertThat(u.rootPrefix()).isEqualTo("team/dam/");
        assertThat(u).hasToString("s3://media-bucket/team/dam");
        StorageUrl bare = StorageUrl.parse("S3://my.bucket.01");
        assertThat(bare.prefix()).isEmpty();
        assertThat(bare.objectKey("k")).isEqualTo("k");
        assertThat(bare.rootPrefix()).isEmpty();
    }

    @Test
    void badUrlsSayWhatIsWrong() {
        assertRefused("/srv/dam", "only s3://bucket/prefix");
        assertRefused("https://bucket.s3.amazonaws.com/x", "only s3://bucket/prefix");
        assertRefused("s3://", "bucket name is missing");
        assertRefused("s3://ab", "3 to 63 characters");
        assertRefused("s3://" + "a".repeat(64), "3 to 63 characters");
        assertRefused("s3://My-Bucket", "lower case");
        assertRefused("s3://my_bucket", "letters a-z, digits");
        assertRefused("s3://-bucket", "starts and ends");
        assertRefused("s3://a..b", "two adjacent dots");
        assertRefused("s3://192.168.1.10", "IP address");
        assertRefused("s3://bucket/a/../b", "'..' segment");
        assertRefused("s3://bucket//a", "empty segment");
        assertRefused("s3://bucket/a?x=1", "query");
        assertRefused("s3://bucket:9000/a", "do not belong in the URL");
        assertThatThrownBy(() -> StorageUrl.parse("s3://AKIA:topsecret@bucket/x"))
                .isInstanceOfSatisfying(DamException.class, e -> assertThat(e.getMessage()).doesNotContain("topsecret").contains("DAM_S3_ACCESS_KEY"));
    }

    @Test
    void endpointsAreBaseUrls() {
        assertThat(S3Settings.of("http://127.0.0.1:9000/", "").endpointUri()).hasToString("http://127.0.0.1:9000");
        assertThat(S3Settings.of("", "").region()).isEqualTo("us-east-1");
        assertThat(S3Settings.of("", "").hasEndpoint()).isFalse();
        assertThatThrownBy(() -> S3Settings.of("127.0.0.1:9000", "")).hasMessageContaining("use http://host:port");
        assertThatThrownBy(() -> S3Settings.of("http://host:9000/bucket", "")).hasMessageContaining("the bucket is in storage.url");
        assertThatThrownBy(() -> S3Settings.of("http://key:secret@host", "")).hasMessageContaining("credentials")
                .message().doesNotContain("secret@");
        assertThatThrownBy(() -> S3Settings.of("", "Europe West")).hasMessageContaining("storage.s3.region");
    }

    @Test
    void credentialsComeFromOurVariablesThenAwsOnes() {
        assertThat(S3Credentials.fromEnvironment(Map.of("DAM_S3_ACCESS_KEY", "a", "DAM_S3_SECRET_KEY", "s",
                "AWS_ACCESS_KEY_ID", "x", "AWS_SECRET_ACCESS_KEY", "y"))).isEqualTo(new S3Credentials("a", "s"));
        assertThat(S3Credentials.fromEnvironment(Map.of("AWS_ACCESS_KEY_ID", "x", "AWS_SECRET_ACCESS_KEY", "y", "AWS_SESSION_TOKEN", "t")))
                .isEqualTo(new S3Credentials("x", "y", "t"));
        assertThatThrownBy(() -> S3Credentials.fromEnvironment(Map.of("DAM_S3_ACCESS_KEY", "a")))
                .hasMessageContaining("DAM_S3_SECRET_KEY is not set");
        assertThatThrownBy(() -> S3Credentials.fromEnvironment(Map.of())).hasMessageContaining("DAM_S3_ACCESS_KEY and DAM_S3_SECRET_KEY");
        assertThat(new S3Credentials("a", "the-secret").toString()).doesNotContain("the-secret");
    }

    private static void assertRefused(String url, String why) {
        assertThatThrownBy(() -> StorageUrl.parse(url))
                .isInstanceOfSatisfying(DamException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID);
                    assertThat(e.getMessage()).startsWith("storage.url").contains(why);
                });
    }
}
