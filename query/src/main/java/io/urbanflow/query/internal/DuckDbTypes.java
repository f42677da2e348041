package io.urbanflow.query.internal;

import io.urbanflow.model.UrbanFlowException;
import java.util.StringJoiner;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/** The DuckDB type that reads an Iceberg type from Parquet. Stateless. */
public final class DuckDbTypes {
    private DuckDbTypes() {
    }

    /**
     * @throws UrbanFlowException for Iceberg types DuckDB cannot read here (variant, geometry ...)
     */
    public static String of(Type type) {
        switch (type.typeId()) {
            case BOOLEAN: return "BOOLEAN";
            case INTEGER: return "INTEGER";
            case LONG: return "BIGINT";
            case FLOAT: return "FLOAT";
            case DOUBLE: return "DOUBLE";
            case DATE: return "DATE";
            case TIME: return "TIME";
            case TIMESTAMP: return ((Types.TimestampType) type).shouldAdjustToUTC() ? "TIMESTAMPTZ" : "TIMESTAMP";
            case TIMESTAMP_NANO: return "TIMESTAMP_NS";
            case STRING: return "VARCHAR";
            case UUID: return "UUID";
            case FIXED:
            case BINARY: return "BLOB";
            case DECIMAL: {
                Types.DecimalType decimal = (Types.DecimalType) type;
                return "DECIMAL(" + decimal.precision() + ", " + decimal.scale() + ")";
            }
            case STRUCT: {
                StringJoiner fields = new StringJoiner(", ", "STRUCT(", ")");
                for (Types.NestedField field : type.asStructType().fields()) {
                    fields.add(SqlText.identifier(field.name()) + " " + of(field.type()));
                }
                return fields.toString();
            }
            case LIST: return of(type.asListType().elementType()) + "[]";
            case MAP: return "MAP(" + of(type.asMapType().keyType()) + ", " + of(type.asMapType().valueType()) + ")";
            default:
                throw new UrbanFlowException("Cannot read Iceberg type " + type + " with DuckDB");
        }
    }
}
