using Google.Protobuf;
using Onnx;

namespace MnistPS.Interop;

/// <summary>Float32 tensors and tensor types of ONNX models: built for export, read with every size checked for import.</summary>
internal static class OnnxTensors
{
    /// <summary>ONNX's code for float32 tensors (TensorProto.DataType.FLOAT).</summary>
    public const int Float = (int)TensorProto.Types.DataType.Float;

    /// <summary>A float32 initializer named <paramref name="name"/> of shape <paramref name="dims"/> (none for a scalar), its data as raw little-endian bytes.</summary>
    public static TensorProto Create(string name, ReadOnlySpan<float> values, params long[] dims)
    {
        var tensor = new TensorProto { Name = name, DataType = Float, RawData = ByteString.CopyFrom(LittleEndianFloats.ToBytes(values)) };
        tensor.Dims.Add(dims);
        return tensor;
    }

    /// <summary>A graph input or output: float32 [<paramref name="rows"/>, <paramref name="columns"/>], rows a symbolic dimension.</summary>
    public static ValueInfoProto Matrix(string name, string rows, int columns)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = rows });
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = columns });
        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = Float, Shape = shape } } };
    }

    /// <summary>A shape as ONNX writes it, e.g. [20, 784] or [] for a scalar.</summary>
    public static string ShapeText(IEnumerable<long> dims) => $"[{string.Join(", ", dims)}]";

    /// <summary>The number of elements of <paramref name="tensor"/>'s shape, or -1 when a dimension is negative or the product overflows.</summary>
    public static long ElementCount(TensorProto tensor)
    {
        long count = 1;
        foreach (var dim in tensor.Dims)
        {
            if (dim < 0 || (dim > 0 && count > long.MaxValue / dim))
            {
                return -1;
            }

            count *= dim;
        }

        return count;
    }

    /// <summary>
    /// The values of a float32 tensor stored in the model itself, after checking that it is one: its data type, that its
    /// data is not in an external file or split into segments, that the data holds exactly the elements its dims say, and
    /// that every value is finite. <paramref name="refuse"/> makes the error for a problem.
    /// </summary>
    public static float[] Read(TensorProto tensor, Func<string, Exception> refuse)
    {
        var name = $"tensor '{tensor.Name}'";
        if (tensor.DataLocation == TensorProto.Types.DataLocation.External || tensor.ExternalData.Count > 0)
        {
            var location = tensor.ExternalData.FirstOrDefault(e => e.Key == "location")?.Value ?? "another file";
            throw refuse($"{name} keeps its data in an external file ('{location}'). MnistPS reads only self-contained ONNX files; save the model with its tensors inside it (in Python: onnx.save_model(model, path, save_as_external_data=False)).");
        }

        if (tensor.Segment is not null)
        {
            throw refuse($"{name} is split into segments, which MnistPS does not read. Save the model with whole tensors.");
        }

        if (tensor.DataType != Float)
        {
            throw refuse($"{name} is of type {TypeName(tensor.DataType)}; MnistPS reads float32 weights. Convert the model to float32 first.");
        }

        var count = ElementCount(tensor);
        if (count < 0)
        {
            throw refuse($"{name} has the impossible shape {ShapeText(tensor.Dims)}.");
        }

        float[] values;
        if (!tensor.RawData.IsEmpty)
        {
            if (tensor.FloatData.Count > 0 || tensor.RawData.Length != count * sizeof(float))
            {
                throw refuse($"{name} has {tensor.RawData.Length} bytes of raw data{(tensor.FloatData.Count > 0 ? " and float_data as well" : string.Empty)}; its shape {ShapeText(tensor.Dims)} needs {count * sizeof(float)} bytes.");
            }

            values = LittleEndianFloats.FromBytes(tensor.RawData.Span);
        }
        else
        {
            if (tensor.FloatData.Count != count)
            {
                throw refuse($"{name} holds {tensor.FloatData.Count} values; its shape {ShapeText(tensor.Dims)} needs {count}.");
            }

            values = [.. tensor.FloatData];
        }

        var bad = Array.FindIndex(values, v => !float.IsFinite(v));
        if (bad >= 0)
        {
            throw refuse($"{name} holds {values[bad]} at index {bad}; weights must be finite numbers.");
        }

        return values;
    }

    private static string TypeName(int dataType) =>
        Enum.IsDefined(typeof(TensorProto.Types.DataType), dataType) ? ((TensorProto.Types.DataType)dataType).ToString().ToLowerInvariant() : $"code {dataType}";
}
