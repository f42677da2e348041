package io.urbanflow.lake.internal;

import io.urbanflow.lake.LakeConfig;
import io.urbanflow.model.UrbanFlowException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Map;
import org.apache.iceberg.aws.s3.S3FileIO;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Asks the object store about the warehouse's bucket once, before the lake opens: a wrong endpoint, refused
 * credentials, a missing bucket or region become one line naming the setting to fix. Stateless.
 */
final class S3Check {
    private S3Check() {
    }

    static void check(String warehouse, Map<String, String> properties) {
        String bucket = URI.create(warehouse).getHost();
        if (bucket == null || bucket.isBlank()) {
            throw new UrbanFlowException("Cannot use warehouse " + warehouse + ": expected s3://BUCKET/PREFIX (" + LakeConfig.WAREHOUSE + ")");
        }
        String endpoint = properties.getOrDefault("s3.endpoint", "AWS S3");
        String prefix = "Cannot use warehouse " + warehouse + " at " + endpoint + ": ";
        S3FileIO io = new S3FileIO();
        try {
            io.initialize(properties);
            io.client().headBucket(request -> request.bucket(bucket));
        } catch (S3Exception e) {
            int status = e.statusCode();
            if (status == 403 || status == 401) {
                throw new UrbanFlowException(prefix + "the store refused the credentials (" + code(e) + "); check "
                        + LakeConfig.S3_ACCESS_KEY_ID + " and " + LakeConfig.S3_SECRET_ACCESS_KEY + " (--s3-credentials FILE, "
                        + "URBANFLOW_LAKE_S3_ACCESS_KEY_ID/URBANFLOW_LAKE_S3_SECRET_ACCESS_KEY or the AWS profile)", e);
            }
            if (status == 404) {
                throw new UrbanFlowException(prefix + "bucket " + bucket + " does not exist; create it or fix "
                        + LakeConfig.WAREHOUSE + " (--warehouse)", e);
            }
            if (status == 301 || status == 400) {
                throw new UrbanFlowException(prefix + "the store answered " + status + " (" + code(e) + "); check "
                        + LakeConfig.S3_REGION + " (--s3-region) and " + LakeConfig.S3_PATH_STYLE_ACCESS, e);
            }
            throw new UrbanFlowException(prefix + "the store answered " + status + " (" + code(e) + ")", e);
        } catch (SdkClientException e) {
            String message = String.valueOf(e.getMessage());
            if (hasCause(e, ConnectException.class) || hasCause(e, UnknownHostException.class)) {
                throw new UrbanFlowException(prefix + "no S3 server answered; check " + LakeConfig.S3_ENDPOINT
                        + " (--s3-endpoint) or start one with: urbanflow s3", e);
            }
            if (message.contains("region")) {
                throw new UrbanFlowException(prefix + "no region is set; set " + LakeConfig.S3_REGION + " (--s3-region)", e);
            }
            if (message.toLowerCase(java.util.Locale.ROOT).contains("credentials")) {
                throw new UrbanFlowException(prefix + "no credentials were found; set " + LakeConfig.S3_ACCESS_KEY_ID + " and "
                        + LakeConfig.S3_SECRET_ACCESS_KEY + " (--s3-credentials FILE or the environment)", e);
            }
            throw new UrbanFlowException(prefix + message, e);
        } finally {
            io.close();
        }
    }

    private static String code(S3Exception e) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        return code == null || code.isBlank() ? "HTTP " + e.statusCode() : code;
    }

    private static boolean hasCause(Throwable error, Class<? extends Throwable> type) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }
}
