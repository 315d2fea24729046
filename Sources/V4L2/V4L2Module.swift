public enum V4L2Module {}
